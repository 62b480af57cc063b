ALTER TABLE "attempts" ADD COLUMN "reading_ms" integer;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "answering_ms" integer;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "faster_than_reading" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "attempts_fast_passes" ON "attempts" USING btree ("user_id","scenario_version_id","started_at","completed_at") WHERE "attempts"."faster_than_reading";