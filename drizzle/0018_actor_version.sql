CREATE TABLE "actor_version" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "actor_version_one_row" CHECK ("actor_version"."singleton")
);
--> statement-breakpoint
-- Once per statement, however many rows it writes; the row is locked until the writer commits, as actor_counts' are.
-- The clock in microseconds, so that a database restored from a backup and written again never repeats a version
-- a running process has seen with other data.
CREATE OR REPLACE FUNCTION ccn_actor_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE actor_version SET version = greatest(version + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER actors_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON actors
  FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_version_bump();
--> statement-breakpoint
INSERT INTO actor_version (version) VALUES (0);
