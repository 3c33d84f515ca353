ALTER TYPE "public"."account_kind" ADD VALUE 'DEBT';--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_user_balance_non_negative";--> statement-breakpoint
ALTER TABLE "bets" ADD COLUMN "settlement_payout_minor" bigint;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_balance_non_negative" CHECK ("accounts"."user_id" is null or ("accounts"."kind"::text = 'DEBT' and "accounts"."balance_minor" <= 0) or ("accounts"."kind"::text <> 'DEBT' and "accounts"."balance_minor" >= 0));