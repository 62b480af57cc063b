CREATE TABLE "lti_module_grade_deliveries" (
	"launch_id" uuid PRIMARY KEY NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"last_tried_at" timestamp with time zone,
	"last_error" text,
	"next_try_at" timestamp with time zone,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scorm_accounts" (
	"student_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_launch_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scorm_launches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"package_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"lms_origin" text,
	"open_ticket_hash" text,
	"open_ticket_expires_at" timestamp with time zone,
	"status_token_hash" text NOT NULL,
	"status_token_expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scorm_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scenario_id" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "lti_module_grade_deliveries" ADD CONSTRAINT "lti_module_grade_deliveries_launch_id_lti_launches_id_fk" FOREIGN KEY ("launch_id") REFERENCES "public"."lti_launches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_accounts" ADD CONSTRAINT "scorm_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_launches" ADD CONSTRAINT "scorm_launches_package_id_scorm_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."scorm_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_launches" ADD CONSTRAINT "scorm_launches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_launches" ADD CONSTRAINT "scorm_launches_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorm_packages" ADD CONSTRAINT "scorm_packages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lti_module_grade_deliveries_pending" ON "lti_module_grade_deliveries" USING btree ("sent_at","next_try_at");--> statement-breakpoint
CREATE INDEX "scorm_accounts_user" ON "scorm_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "scorm_launches_user" ON "scorm_launches" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "scorm_launches_attempt" ON "scorm_launches" USING btree ("attempt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scorm_launches_open_ticket" ON "scorm_launches" USING btree ("open_ticket_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "scorm_launches_status_token" ON "scorm_launches" USING btree ("status_token_hash");