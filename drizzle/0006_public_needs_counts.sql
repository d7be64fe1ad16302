-- Stored counts serve views anyone may open, so they count only the needs their organisations show to
-- everyone; needs kept for members or private are counted by the search path for those who may see them.
CREATE OR REPLACE FUNCTION ccn_actor_facet_rows(rows_json jsonb) RETURNS TABLE (cluster_id text, facet text, value text, n integer)
  LANGUAGE sql STABLE AS $$
  WITH r AS (
    SELECT * FROM jsonb_to_recordset(rows_json)
      AS x(cluster_id text, kind text, size_band text, sectors text[], offers text[], needs text[], languages text[], visibility jsonb)
  )
  SELECT cluster_id, facet, value, count(*)::int FROM (
    SELECT cluster_id, 'all' AS facet, '' AS value FROM r
    UNION ALL SELECT cluster_id, 'kind', kind FROM r
    UNION ALL SELECT cluster_id, 'size', size_band FROM r
    UNION ALL SELECT cluster_id, 'sector', unnest(sectors) FROM r
    UNION ALL SELECT cluster_id, 'offers', unnest(offers) FROM r
    UNION ALL SELECT cluster_id, 'needs', unnest(needs) FROM r WHERE coalesce(visibility->>'needs', 'public') = 'public'
    UNION ALL SELECT cluster_id, 'language', unnest(languages) FROM r
  ) f GROUP BY 1, 2, 3
$$;
--> statement-breakpoint
DELETE FROM actor_counts;
--> statement-breakpoint
INSERT INTO actor_counts (cluster_id, facet, value, n)
  SELECT f.cluster_id, f.facet, f.value, f.n
  FROM ccn_actor_facet_rows((SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]') FROM actors a)) f;
