ALTER TABLE "bets" ADD COLUMN "cashout_offer_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cashout_offers" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;