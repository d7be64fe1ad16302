ALTER TABLE "actors" ADD COLUMN "address_visibility" text GENERATED ALWAYS AS (coalesce(visibility->>'address', 'public')) STORED NOT NULL;--> statement-breakpoint
-- A map's box is answered from this index alone: the location, and what the box's conditions read (who sees
-- the address, the actor, its city, its sectors). Not in schema.ts: drizzle cannot declare INCLUDE columns.
CREATE INDEX "actors_location_idx" ON "actors" USING btree ("lon","lat") INCLUDE ("id","cluster_id","address_visibility","sectors") WHERE "lat" IS NOT NULL;
