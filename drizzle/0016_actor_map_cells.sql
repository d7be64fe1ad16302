CREATE TABLE "actor_cells" (
	"x" integer NOT NULL,
	"y" integer NOT NULL,
	"cluster_id" text NOT NULL,
	"address_visibility" text NOT NULL,
	"n" integer NOT NULL,
	"lat_sum" double precision NOT NULL,
	"lon_sum" double precision NOT NULL,
	CONSTRAINT "actor_cells_x_y_cluster_id_address_visibility_pk" PRIMARY KEY("x","y","cluster_id","address_visibility")
);
--> statement-breakpoint
-- A map's box at city zoom or wider groups these cells instead of visiting every actor. One statement-level
-- trigger per operation, like actor_counts: upserts in key order (no deadlock between writers), a row that
-- neither moved nor changed who sees its address changes nothing, and only the cells left empty are removed.
CREATE OR REPLACE FUNCTION ccn_actor_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO actor_cells (x, y, cluster_id, address_visibility, n, lat_sum, lon_sum)
    SELECT floor(r.lon * 256)::int, floor(r.lat * 256)::int, r.cluster_id, r.address_visibility,
           count(*)::int, sum(r.lat), sum(r.lon)
    FROM new_rows r WHERE r.lat IS NOT NULL AND r.lon IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (x, y, cluster_id, address_visibility) DO UPDATE SET n = actor_cells.n + excluded.n,
      lat_sum = actor_cells.lat_sum + excluded.lat_sum, lon_sum = actor_cells.lon_sum + excluded.lon_sum;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO actor_cells (x, y, cluster_id, address_visibility, n, lat_sum, lon_sum)
    SELECT d.x, d.y, d.cluster_id, d.address_visibility, sum(d.n)::int, sum(d.lat), sum(d.lon) FROM (
      SELECT floor(o.lon * 256)::int AS x, floor(o.lat * 256)::int AS y, o.cluster_id, o.address_visibility,
             -1 AS n, -o.lat AS lat, -o.lon AS lon
      FROM old_rows o WHERE o.lat IS NOT NULL AND o.lon IS NOT NULL
      UNION ALL
      SELECT floor(r.lon * 256)::int, floor(r.lat * 256)::int, r.cluster_id, r.address_visibility, 1, r.lat, r.lon
      FROM new_rows r WHERE r.lat IS NOT NULL AND r.lon IS NOT NULL
    ) d GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0 OR sum(d.lat) <> 0 OR sum(d.lon) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (x, y, cluster_id, address_visibility) DO UPDATE SET n = actor_cells.n + excluded.n,
      lat_sum = actor_cells.lat_sum + excluded.lat_sum, lon_sum = actor_cells.lon_sum + excluded.lon_sum;
  ELSE
    INSERT INTO actor_cells (x, y, cluster_id, address_visibility, n, lat_sum, lon_sum)
    SELECT floor(o.lon * 256)::int, floor(o.lat * 256)::int, o.cluster_id, o.address_visibility,
           -count(*)::int, -sum(o.lat), -sum(o.lon)
    FROM old_rows o WHERE o.lat IS NOT NULL AND o.lon IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (x, y, cluster_id, address_visibility) DO UPDATE SET n = actor_cells.n + excluded.n,
      lat_sum = actor_cells.lat_sum + excluded.lat_sum, lon_sum = actor_cells.lon_sum + excluded.lon_sum;
  END IF;
  DELETE FROM actor_cells c
  USING (SELECT DISTINCT floor(o.lon * 256)::int AS x, floor(o.lat * 256)::int AS y, o.cluster_id, o.address_visibility
         FROM old_rows o WHERE o.lat IS NOT NULL AND o.lon IS NOT NULL) e
  WHERE c.x = e.x AND c.y = e.y AND c.cluster_id = e.cluster_id AND c.address_visibility = e.address_visibility
    AND c.n = 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER actors_cells_insert AFTER INSERT ON actors
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_cells_apply();
--> statement-breakpoint
CREATE TRIGGER actors_cells_update AFTER UPDATE ON actors
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_cells_apply();
--> statement-breakpoint
CREATE TRIGGER actors_cells_delete AFTER DELETE ON actors
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ccn_actor_cells_apply();
--> statement-breakpoint
INSERT INTO actor_cells (x, y, cluster_id, address_visibility, n, lat_sum, lon_sum)
  SELECT floor(lon * 256)::int, floor(lat * 256)::int, cluster_id, address_visibility, count(*)::int, sum(lat), sum(lon)
  FROM actors WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4;
