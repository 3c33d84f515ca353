CREATE TYPE "public"."cashout_offer_status" AS ENUM('OPEN', 'ACCEPTED', 'SUPERSEDED');--> statement-breakpoint
CREATE TABLE "cashout_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bet_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"percent" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"stake_portion_minor" bigint NOT NULL,
	"odds" jsonb NOT NULL,
	"status" "cashout_offer_status" DEFAULT 'OPEN' NOT NULL,
	"source" text DEFAULT 'REQUEST' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	CONSTRAINT "cashout_offers_percent_range" CHECK ("cashout_offers"."percent" between 1 and 100),
	CONSTRAINT "cashout_offers_amount_positive" CHECK ("cashout_offers"."amount_minor" > 0 and "cashout_offers"."stake_portion_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "cashout_offers" ADD CONSTRAINT "cashout_offers_bet_id_bets_id_fk" FOREIGN KEY ("bet_id") REFERENCES "public"."bets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cashout_offers" ADD CONSTRAINT "cashout_offers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cashout_offers_bet_idx" ON "cashout_offers" USING btree ("bet_id","created_at");