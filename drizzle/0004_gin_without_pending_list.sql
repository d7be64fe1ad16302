-- GIN's pending list makes inserts cheap but every search scan it linearly until a vacuum merges it.
-- PGlite has no autovacuum, and the directory is read far more than written: index entries go in at once.
ALTER INDEX actors_search_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX actors_name_trgm_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX actors_sectors_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX actors_offers_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX actors_needs_idx SET (fastupdate = off);
