CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE (it reads a dictionary); pinning the dictionary makes it safe for generated columns.
CREATE OR REPLACE FUNCTION ccn_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- All the texts of a per-language JSONB object, for full-text search over every language at once.
CREATE OR REPLACE FUNCTION ccn_jsonb_text(jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(string_agg(value, ' '), '') FROM jsonb_each_text($1) $$;
