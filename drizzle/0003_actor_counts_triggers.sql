-- The facet values of a set of actor rows, one row per (cluster, facet, value) with its count.
CREATE OR REPLACE FUNCTION ccn_actor_facet_rows(rows_json jsonb) RETURNS TABLE (cluster_id text, facet text, value text, n integer)
  LANGUAGE sql STABLE AS $$
  WITH r AS (
    SELECT * FROM jsonb_to_recordset(rows_json)
      AS x(cluster_id text, kind text, size_band text, sectors text[], offers text[], needs text[], languages text[])
  )
  SELECT cluster_id, facet, value, count(*)::int FROM (
    SELECT cluster_id, 'all' AS facet, '' AS value FROM r
    UNION ALL SELECT cluster_id, 'kind', kind FROM r
    UNION ALL SELECT cluster_id, 'size', size_band FROM r
    UNION ALL SELECT cluster_id, 'sector', unnest(sectors) FROM r
    UNION ALL SELECT cluster_id, 'offers', unnest(offers) FROM r
    UNION ALL SELECT cluster_id, 'needs', unnest(needs) FROM r
    UNION ALL SELECT cluster_id, 'language', unnest(languages) FROM r
  ) f GROUP BY 1, 2, 3
$$;
--> statement-breakpoint
-- One statement-level trigger per operation: a batch insert of thousands of actors updates the counts once.
-- Upserts go in key order, so concurrent writers lock the same rows in the same order and cannot deadlock;
-- the zero-row clean-up scans the whole table, which holds clusters × facet values: small.
CREATE OR REPLACE FUNCTION ccn_actor_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed jsonb := '[]';
  added jsonb := '[]';
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT coalesce(jsonb_agg(to_jsonb(o)), '[]') INTO removed FROM old_rows o;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT coalesce(jsonb_agg(to_jsonb(n)), '[]') INTO added FROM new_rows n;
  END IF;
  INSERT INTO actor_counts (cluster_id, facet, value, n)
  SELECT d.cluster_id, d.facet, d.value, sum(d.n)::int FROM (
    SELECT f.cluster_id, f.facet, f.value, -f.n AS n FROM ccn_actor_facet_rows(removed) f
    UNION ALL SELECT f.cluster_id, f.facet, f.value, f.n FROM ccn_actor_facet_rows(added) f
  ) d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (cluster_id, facet, value) DO UPDATE SET n = actor_counts.n + excluded.n;
  DELETE FROM actor_counts WHERE n = 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER actors_counts_insert AFTER INSERT ON actors
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_counts_apply();
--> statement-breakpoint
CREATE TRIGGER actors_counts_update AFTER UPDATE ON actors
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_counts_apply();
--> statement-breakpoint
CREATE TRIGGER actors_counts_delete AFTER DELETE ON actors
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_counts_apply();
--> statement-breakpoint
INSERT INTO actor_counts (cluster_id, facet, value, n)
  SELECT f.cluster_id, f.facet, f.value, f.n
  FROM ccn_actor_facet_rows((SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]') FROM actors a)) f;
