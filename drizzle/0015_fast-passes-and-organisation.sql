CREATE TABLE "organisation_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text,
	"signatory_name" text,
	"signatory_title" text,
	"logo" "bytea",
	"logo_type" text,
	"logo_width" integer,
	"logo_height" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_settings_one_row" CHECK ("organisation_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "reading_ms" integer;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "answering_ms" integer;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "faster_than_reading" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "attempts_fast_passes" ON "attempts" USING btree ("user_id","scenario_version_id","started_at","completed_at") WHERE "attempts"."faster_than_reading";