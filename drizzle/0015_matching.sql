CREATE TABLE "introductions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "introductions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"from_actor_id" bigint NOT NULL,
	"to_actor_id" bigint NOT NULL,
	"by_cluster_id" text,
	"note" text NOT NULL,
	"from_answer" text NOT NULL,
	"to_answer" text DEFAULT 'pending' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"conversation_id" bigint,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "match_announced" (
	"actor_id" bigint NOT NULL,
	"target" text NOT NULL,
	"target_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_announced_actor_id_target_target_id_pk" PRIMARY KEY("actor_id","target","target_id")
);
--> statement-breakpoint
CREATE TABLE "match_dismissals" (
	"actor_id" bigint NOT NULL,
	"target" text NOT NULL,
	"target_id" bigint NOT NULL,
	"sectors" text[] NOT NULL,
	"dismissed_by" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_dismissals_actor_id_target_target_id_pk" PRIMARY KEY("actor_id","target","target_id")
);
--> statement-breakpoint
CREATE TABLE "match_profiles" (
	"actor_id" bigint PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"sectors" text[] NOT NULL,
	"offers" text[] NOT NULL,
	"needs" text[] NOT NULL,
	"text_offers" text[] NOT NULL,
	"text_needs" text[] NOT NULL,
	"needs_visibility" text NOT NULL,
	"languages" text[] NOT NULL,
	"size_rank" integer NOT NULL,
	"active_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"cross_border_weight" real DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "match_offers" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "match_needs" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "introductions" ADD CONSTRAINT "introductions_from_actor_id_actors_id_fk" FOREIGN KEY ("from_actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introductions" ADD CONSTRAINT "introductions_to_actor_id_actors_id_fk" FOREIGN KEY ("to_actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introductions" ADD CONSTRAINT "introductions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_announced" ADD CONSTRAINT "match_announced_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_profiles" ADD CONSTRAINT "match_profiles_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_settings" ADD CONSTRAINT "match_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "introductions_open_pair_idx" ON "introductions" USING btree (least("from_actor_id", "to_actor_id"),greatest("from_actor_id", "to_actor_id")) WHERE "introductions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "introductions_to_idx" ON "introductions" USING btree ("to_actor_id","status");--> statement-breakpoint
CREATE INDEX "introductions_from_idx" ON "introductions" USING btree ("from_actor_id","status");--> statement-breakpoint
CREATE INDEX "match_profiles_offers_idx" ON "match_profiles" USING gin ("offers");--> statement-breakpoint
CREATE INDEX "match_profiles_needs_idx" ON "match_profiles" USING gin ("needs");--> statement-breakpoint
CREATE INDEX "opportunities_match_offers_idx" ON "opportunities" USING gin ("match_offers");--> statement-breakpoint
CREATE INDEX "opportunities_match_needs_idx" ON "opportunities" USING gin ("match_needs");--> statement-breakpoint
-- Opportunities written before matching read their texts match on what their posters picked.
UPDATE "opportunities" SET "match_offers" = "offers", "match_needs" = "needs";
