ALTER TABLE "scenario_draft_revisions" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "scenario_versions" ADD COLUMN "draft_revision" integer;--> statement-breakpoint
-- Versions published before: the draft then was the newest revision that became the draft (not a conflict copy) saved by the time it was published.
UPDATE "scenario_versions" v SET "draft_revision" = (
  SELECT max(r."revision") FROM "scenario_draft_revisions" r
  WHERE r."scenario_id" = v."scenario_id" AND r."kind" <> 'conflict' AND r."saved_at" <= v."published_at"
) WHERE v."draft_revision" IS NULL AND v."published_by" IS NOT NULL;
