DROP INDEX "spaces_location_idx";--> statement-breakpoint
-- A map's box is answered from this index alone: the location, and what the box's conditions read (the status,
-- city, district, type and floor area of a listed space). Not in schema.ts: drizzle cannot declare INCLUDE columns.
CREATE INDEX "spaces_location_idx" ON "spaces" USING btree ("lon","lat") INCLUDE ("status","cluster_id","district_id","type","floor_area") WHERE "status" IN ('available', 'under_application', 'let');
