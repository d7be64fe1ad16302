CREATE TABLE "actors" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "actors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"cluster_id" text NOT NULL,
	"district_id" text,
	"address" text,
	"lat" double precision,
	"lon" double precision,
	"sectors" text[] NOT NULL,
	"offers" text[] NOT NULL,
	"needs" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"size_band" text NOT NULL,
	"employees" integer,
	"founded_year" integer,
	"website" text,
	"email" text,
	"description" jsonb NOT NULL,
	"original_language" text NOT NULL,
	"logo_url" text,
	"founding_partner" boolean DEFAULT false NOT NULL,
	"source" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name_norm" text GENERATED ALWAYS AS (ccn_unaccent(lower(name))) STORED NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', ccn_unaccent(name)), 'A') || setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(description))), 'B')) STORED NOT NULL,
	CONSTRAINT "actors_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"city_name" text NOT NULL,
	"city_name_en" text NOT NULL,
	"country" text NOT NULL,
	"language" text NOT NULL,
	"name" jsonb NOT NULL,
	"accent" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"population" integer,
	"population_date" text,
	"source" text,
	"contact_actor_id" bigint,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"lat" double precision,
	"lon" double precision,
	"description" jsonb NOT NULL,
	"former_use" text,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "figures" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster_id" text,
	"country" text,
	"indicator" text NOT NULL,
	"value" real,
	"unit" text,
	"year" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capabilities" (
	"id" text PRIMARY KEY NOT NULL,
	"sector_id" text,
	"position" integer NOT NULL,
	"label" jsonb NOT NULL,
	"terms" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sectors" (
	"id" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"color" text NOT NULL,
	"name" jsonb NOT NULL,
	"nace" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "actors" ADD CONSTRAINT "actors_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actors" ADD CONSTRAINT "actors_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figures" ADD CONSTRAINT "figures_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_sector_id_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actors_search_idx" ON "actors" USING gin ("search");--> statement-breakpoint
CREATE INDEX "actors_name_trgm_idx" ON "actors" USING gin ("name_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "actors_cluster_idx" ON "actors" USING btree ("cluster_id","id");--> statement-breakpoint
CREATE INDEX "actors_sectors_idx" ON "actors" USING gin ("sectors");--> statement-breakpoint
CREATE INDEX "actors_offers_idx" ON "actors" USING gin ("offers");--> statement-breakpoint
CREATE INDEX "actors_needs_idx" ON "actors" USING gin ("needs");--> statement-breakpoint
CREATE INDEX "actors_created_idx" ON "actors" USING btree ("created_at","id");