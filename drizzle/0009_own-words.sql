CREATE TABLE "typed_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"attempt_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"state_name" text NOT NULL,
	"text" text NOT NULL,
	"understood_event" text,
	"confidence" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempt_events" ADD COLUMN "typed_text" text;--> statement-breakpoint
ALTER TABLE "typed_replies" ADD CONSTRAINT "typed_replies_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "typed_replies_attempt" ON "typed_replies" USING btree ("attempt_id","seq");