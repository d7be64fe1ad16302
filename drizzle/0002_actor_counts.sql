CREATE TABLE "actor_counts" (
	"cluster_id" text NOT NULL,
	"facet" text NOT NULL,
	"value" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "actor_counts_cluster_id_facet_value_pk" PRIMARY KEY("cluster_id","facet","value")
);
