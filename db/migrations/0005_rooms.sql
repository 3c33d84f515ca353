CREATE TYPE "public"."challenge_status" AS ENUM('OPEN', 'TAKEN', 'CANCELLED', 'EXPIRED', 'WON', 'LOST', 'VOID');--> statement-breakpoint
ALTER TYPE "public"."account_kind" ADD VALUE 'ESCROW';--> statement-breakpoint
ALTER TYPE "public"."ledger_transaction_kind" ADD VALUE 'CHALLENGE_HOLD';--> statement-breakpoint
ALTER TYPE "public"."ledger_transaction_kind" ADD VALUE 'CHALLENGE_RELEASE';--> statement-breakpoint
ALTER TYPE "public"."ledger_transaction_kind" ADD VALUE 'CHALLENGE_SETTLE';--> statement-breakpoint
ALTER TYPE "public"."ledger_transaction_kind" ADD VALUE 'CHALLENGE_UNSETTLE';--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"market_id" uuid NOT NULL,
	"selection_id" uuid NOT NULL,
	"maker_id" uuid NOT NULL,
	"taker_id" uuid,
	"odds" integer NOT NULL,
	"maker_stake_minor" bigint NOT NULL,
	"taker_stake_minor" bigint NOT NULL,
	"status" "challenge_status" DEFAULT 'OPEN' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	CONSTRAINT "challenges_odds_range" CHECK ("challenges"."odds" between 101 and 100000),
	CONSTRAINT "challenges_stakes_positive" CHECK ("challenges"."maker_stake_minor" > 0 and "challenges"."taker_stake_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_messages_length" CHECK (char_length("chat_messages"."text") between 1 and 280)
);
--> statement-breakpoint
ALTER TABLE "selections" ADD COLUMN "money_skew_bps" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "selections" ADD COLUMN "money_skew_window_bps" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "selections" ADD COLUMN "money_skew_window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_selection_id_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."selections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_maker_id_users_id_fk" FOREIGN KEY ("maker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_taker_id_users_id_fk" FOREIGN KEY ("taker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenges_event_idx" ON "challenges" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "challenges_market_idx" ON "challenges" USING btree ("market_id","status");--> statement-breakpoint
CREATE INDEX "challenges_open_expiry_idx" ON "challenges" USING btree ("expires_at") WHERE "challenges"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "chat_messages_event_idx" ON "chat_messages" USING btree ("event_id","created_at");