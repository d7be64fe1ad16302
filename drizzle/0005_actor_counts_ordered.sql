-- Upserts in key order, so that two concurrent writers lock the same counts rows in the same order and
-- cannot deadlock. (The zero-row clean-up scans the whole table, which holds clusters × facet values: small.)
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
