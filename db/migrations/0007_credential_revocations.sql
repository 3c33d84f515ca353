CREATE TABLE "credential_revocations" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_revocations_kind_subject_pk" PRIMARY KEY("kind","subject"),
	CONSTRAINT "credential_revocations_kind" CHECK ("credential_revocations"."kind" in ('KEY', 'TOKEN'))
);
--> statement-breakpoint
CREATE INDEX "credential_revocations_created_idx" ON "credential_revocations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "credential_revocations_expires_idx" ON "credential_revocations" USING btree ("expires_at");