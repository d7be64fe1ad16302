CREATE TABLE "actor_changes" (
	"version" bigint NOT NULL,
	"actor_id" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "actor_version" ADD COLUMN "changes_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "actor_changes_version_idx" ON "actor_changes" USING btree ("version");--> statement-breakpoint
-- Nothing written before this migration is in the log.
UPDATE actor_version SET changes_from = version;
--> statement-breakpoint
-- Once per statement: moves the version (the row stays locked until the writer commits, so versions follow the
-- order of commits), logs the actors the statement wrote under it, and forgets changes older than a day. A
-- TRUNCATE logs nothing and voids the log: every process reads its index whole again.
CREATE OR REPLACE FUNCTION ccn_actor_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  clock bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
  next bigint;
BEGIN
  UPDATE actor_version SET version = greatest(version + 1, clock),
    changes_from = greatest(changes_from, clock - 86400000000)
  RETURNING version INTO next;
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM actor_changes;
    UPDATE actor_version SET changes_from = next;
  ELSE
    INSERT INTO actor_changes (version, actor_id) SELECT next, id FROM changed;
    DELETE FROM actor_changes WHERE version <= clock - 86400000000;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER actors_version ON actors;
--> statement-breakpoint
CREATE TRIGGER actors_version_insert AFTER INSERT ON actors REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_version_bump();
--> statement-breakpoint
CREATE TRIGGER actors_version_update AFTER UPDATE ON actors REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_version_bump();
--> statement-breakpoint
CREATE TRIGGER actors_version_delete AFTER DELETE ON actors REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_version_bump();
--> statement-breakpoint
CREATE TRIGGER actors_version_truncate AFTER TRUNCATE ON actors
  FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_version_bump();
