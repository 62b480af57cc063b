CREATE TABLE "scenario_draft_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scenario_id" text NOT NULL,
	"revision" integer NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"based_on" integer,
	"saved_at" timestamp with time zone NOT NULL,
	"saved_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scenario_drafts" (
	"scenario_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"revision" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scenarios" ADD COLUMN "archived_by" uuid;--> statement-breakpoint
ALTER TABLE "scenario_draft_revisions" ADD CONSTRAINT "scenario_draft_revisions_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_draft_revisions" ADD CONSTRAINT "scenario_draft_revisions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_drafts" ADD CONSTRAINT "scenario_drafts_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_drafts" ADD CONSTRAINT "scenario_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scenario_draft_revisions_number" ON "scenario_draft_revisions" USING btree ("scenario_id","revision");--> statement-breakpoint
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;