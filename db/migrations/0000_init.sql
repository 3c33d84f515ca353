CREATE TYPE "public"."event_source" AS ENUM('FEED', 'TRADER');--> statement-breakpoint
CREATE TYPE "public"."event_status" AS ENUM('UPCOMING', 'LIVE', 'FINISHED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."market_status" AS ENUM('OPEN', 'SUSPENDED', 'SETTLED', 'VOID');--> statement-breakpoint
CREATE TYPE "public"."selection_result" AS ENUM('WON', 'LOST', 'VOID');--> statement-breakpoint
CREATE TYPE "public"."selection_status" AS ENUM('OPEN', 'WON', 'LOST', 'VOID');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('BETTOR', 'TRADER');--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sport_id" text NOT NULL,
	"name" text NOT NULL,
	"home" text NOT NULL,
	"away" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"status" "event_status" DEFAULT 'UPCOMING' NOT NULL,
	"score_home" integer,
	"score_away" integer,
	"clock" text,
	"source" "event_source" DEFAULT 'TRADER' NOT NULL,
	"feed_state" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_score_non_negative" CHECK (coalesce("events"."score_home", 0) >= 0 and coalesce("events"."score_away", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "markets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'custom' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"status" "market_status" DEFAULT 'OPEN' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "odds_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"selection_id" uuid NOT NULL,
	"odds" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"odds" integer NOT NULL,
	"previous_odds" integer,
	"status" "selection_status" DEFAULT 'OPEN' NOT NULL,
	"result" "selection_result",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "selections_odds_range" CHECK ("selections"."odds" between 101 and 100000),
	CONSTRAINT "selections_previous_odds_range" CHECK ("selections"."previous_odds" is null or "selections"."previous_odds" between 101 and 100000)
);
--> statement-breakpoint
CREATE TABLE "sports" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sports_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'BETTOR' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_sport_id_sports_id_fk" FOREIGN KEY ("sport_id") REFERENCES "public"."sports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "markets" ADD CONSTRAINT "markets_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "odds_history" ADD CONSTRAINT "odds_history_selection_id_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."selections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_status_starts_at_idx" ON "events" USING btree ("status","starts_at","id");--> statement-breakpoint
CREATE INDEX "events_sport_status_starts_at_idx" ON "events" USING btree ("sport_id","status","starts_at","id");--> statement-breakpoint
CREATE INDEX "events_starts_at_idx" ON "events" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "markets_event_idx" ON "markets" USING btree ("event_id","sort_order");--> statement-breakpoint
CREATE INDEX "odds_history_selection_idx" ON "odds_history" USING btree ("selection_id","recorded_at");--> statement-breakpoint
CREATE INDEX "selections_market_idx" ON "selections" USING btree ("market_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_idx" ON "users" USING btree (lower("username"));