CREATE TABLE "attempt_retried_decisions" (
	"attempt_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" text NOT NULL,
	"requested_event" text NOT NULL,
	"from_state" text NOT NULL,
	"mood" integer NOT NULL,
	"flags" jsonb NOT NULL,
	"to_state" text NOT NULL,
	"earned" jsonb NOT NULL,
	"best" jsonb NOT NULL,
	"elapsed_ms" integer NOT NULL,
	"shown_position" integer,
	"critical" text,
	"typed_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retried_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attempt_retried_decisions_attempt_id_seq_pk" PRIMARY KEY("attempt_id","seq")
);
--> statement-breakpoint
ALTER TABLE "attempt_retried_decisions" ADD CONSTRAINT "attempt_retried_decisions_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;