ALTER TABLE "spaces" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(title))), 'A') || setweight(to_tsvector('simple', ccn_unaccent(address)), 'A') || setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(description))), 'B')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "spaces_search_idx" ON "spaces" USING gin ("search");--> statement-breakpoint
-- PGlite never vacuums: no pending list (see 0004).
ALTER INDEX spaces_search_idx SET (fastupdate = off);