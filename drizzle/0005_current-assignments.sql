ALTER TABLE "assignments" ADD COLUMN "is_current" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "assignments_current_user" ON "assignments" USING btree ("user_id") WHERE "assignments"."is_current";--> statement-breakpoint
-- Backfill: of each person's assignments of a module not unassigned, the one due first (then the earliest made).
UPDATE "assignments" SET "is_current" = true WHERE "id" IN (
  SELECT DISTINCT ON (a."user_id", mv."module_id") a."id"
  FROM "assignments" a JOIN "module_versions" mv ON mv."id" = a."module_version_id"
  WHERE a."unassigned_at" IS NULL
  ORDER BY a."user_id", mv."module_id", a."due_date", a."assigned_at", a."id"
);
