ALTER TABLE "scenario_versions" ADD COLUMN "pool_id" text;--> statement-breakpoint
ALTER TABLE "scenario_versions" ADD COLUMN "pool_title" text;--> statement-breakpoint
CREATE INDEX "scenario_versions_pool" ON "scenario_versions" USING btree ("pool_id");