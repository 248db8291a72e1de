CREATE TABLE "curriculum_chunk_embedding" (
	"chunk_id" uuid NOT NULL,
	"model" text NOT NULL,
	"embedding" real[] NOT NULL,
	CONSTRAINT "curriculum_chunk_embedding_chunk_id_model_pk" PRIMARY KEY("chunk_id","model")
);
--> statement-breakpoint
ALTER TABLE "curriculum_chunk_embedding" ADD CONSTRAINT "curriculum_chunk_embedding_chunk_id_curriculum_chunk_id_fk" FOREIGN KEY ("chunk_id") REFERENCES "public"."curriculum_chunk"("id") ON DELETE cascade ON UPDATE no action;