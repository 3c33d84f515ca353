CREATE TABLE "market_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"market_id" uuid NOT NULL,
	"status" "market_status" NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "market_status_history" ADD CONSTRAINT "market_status_history_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "market_status_history_market_idx" ON "market_status_history" USING btree ("market_id","recorded_at");--> statement-breakpoint
-- Markets that are not OPEN when this runs get their status as of their last change, so a bet
-- pending across the upgrade is not decided on a status they never had.
INSERT INTO "market_status_history" ("market_id", "status", "recorded_at") SELECT "id", "status", "updated_at" FROM "markets" WHERE "status" <> 'OPEN';
