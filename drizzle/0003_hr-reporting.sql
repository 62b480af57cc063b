CREATE TABLE "lrs_deliveries" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"statement_ids" jsonb NOT NULL,
	"endpoint" text NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"last_tried_at" timestamp with time zone,
	"last_error" text,
	"next_try_at" timestamp with time zone,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "principle_totals" (
	"user_id" uuid NOT NULL,
	"principle_id" text NOT NULL,
	"percent_sum" double precision NOT NULL,
	"attempt_count" integer NOT NULL,
	CONSTRAINT "principle_totals_user_id_principle_id_pk" PRIMARY KEY("user_id","principle_id")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "attempt_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "passed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "score_percent" double precision;--> statement-breakpoint
ALTER TABLE "lrs_deliveries" ADD CONSTRAINT "lrs_deliveries_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "principle_totals" ADD CONSTRAINT "principle_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lrs_deliveries_pending" ON "lrs_deliveries" USING btree ("sent_at","next_try_at");--> statement-breakpoint
CREATE INDEX "assignments_version" ON "assignments" USING btree ("module_version_id");--> statement-breakpoint
CREATE INDEX "assignments_completed" ON "assignments" USING btree ("completed_at");--> statement-breakpoint
CREATE INDEX "attempts_status_completed" ON "attempts" USING btree ("status","completed_at");--> statement-breakpoint
CREATE INDEX "users_team" ON "users" USING btree ("team");--> statement-breakpoint
CREATE INDEX "users_start_date" ON "users" USING btree ("start_date");--> statement-breakpoint
-- Backfill: the principle totals and assignment progress of records made before these existed.
INSERT INTO "principle_totals" ("user_id", "principle_id", "percent_sum", "attempt_count")
SELECT t."user_id", s.key, sum(s.value::double precision), count(*)::integer
FROM "attempts" t, jsonb_each_text(t."principle_scores") s
WHERE t."status" = 'completed' AND t."principle_scores" IS NOT NULL
GROUP BY t."user_id", s.key;--> statement-breakpoint
WITH bounds AS (
  SELECT a."id", a."user_id", a."assigned_at", coalesce(a."completed_at", a."unassigned_at", 'infinity'::timestamptz) AS "until", mv."scenario_ids"
  FROM "assignments" a JOIN "module_versions" mv ON mv."id" = a."module_version_id"
), per_scenario AS (
  SELECT b."id", sv."scenario_id", count(*) AS "started", min(t."started_at") AS "first_started",
    bool_or(t."passed" AND t."completed_at" >= b."assigned_at" AND t."completed_at" <= b."until") AS "passed",
    max(t."overall_percent") FILTER (WHERE t."status" = 'completed' AND t."completed_at" >= b."assigned_at" AND t."completed_at" <= b."until") AS "best"
  FROM bounds b
  JOIN "attempts" t ON t."user_id" = b."user_id" AND t."started_at" <= b."until" AND (t."started_at" >= b."assigned_at" OR t."completed_at" >= b."assigned_at")
  JOIN "scenario_versions" sv ON sv."id" = t."scenario_version_id" AND b."scenario_ids" @> jsonb_build_array(sv."scenario_id")
  GROUP BY b."id", sv."scenario_id"
)
UPDATE "assignments" a SET "attempt_count" = p."started", "started_at" = p."first_started", "passed_count" = p."passed", "score_percent" = p."score"
FROM (
  SELECT "id", sum("started")::integer AS "started", min("first_started") AS "first_started", (count(*) FILTER (WHERE "passed"))::integer AS "passed", avg("best") AS "score"
  FROM per_scenario GROUP BY "id"
) p
WHERE a."id" = p."id";
