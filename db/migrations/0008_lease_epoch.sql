ALTER TABLE "leases" ADD COLUMN "epoch" bigint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "leases" ADD CONSTRAINT "leases_name_epoch_key" UNIQUE("name","epoch");