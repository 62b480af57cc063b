ALTER TABLE "attempts" ADD COLUMN "own_words" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "own_words" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Attempts made before the column: typed where their scenario version asked for it.
UPDATE "attempts" SET "own_words" = true FROM "scenario_versions" WHERE "scenario_versions"."id" = "attempts"."scenario_version_id" AND ("scenario_versions"."source"::jsonb -> 'meta' ->> 'ownWords') = 'true';
