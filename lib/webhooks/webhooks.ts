import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { webhookDeliveries, webhooks } from '../../db/schema';
import type { BetUpdateKind } from '../live/pubsub';
import { postToTarget } from './post-to-target';
import { resolveDeliveryTarget, webhookUrlProblem, type TargetPolicy } from './target-policy';

/** The bet updates partners can receive by webhook. */
export const WEBHOOK_KINDS: ReadonlySet<BetUpdateKind> = new Set(['SETTLED', 'RESETTLED', 'CASHED_OUT', 'PARTIALLY_CASHED_OUT']);
export const MAX_WEBHOOKS_PER_USER = 5;
export const MAX_ATTEMPTS = 8;

export interface WebhookView {
  id: string;
  url: string;
  createdAt: Date;
}

/**
 * Registers a webhook URL for the user. Codes: INVALID_INPUT (not a URL, not https, credentials
 * in it, or a host that is not public in any of its spellings: see target-policy.ts),
 * LIMIT_EXCEEDED (five webhooks already).
 */
export async function registerWebhook(
  db: Db,
  userId: string,
  url: string,
  policy: TargetPolicy,
): Promise<{ ok: true; webhook: WebhookView; secret: string } | { ok: false; code: 'INVALID_INPUT' | 'LIMIT_EXCEEDED'; message: string }> {
  const problem = webhookUrlProblem(url, policy);
  if (problem) return { ok: false, code: 'INVALID_INPUT', message: problem };
  const existing = await db.select({ id: webhooks.id }).from(webhooks).where(and(eq(webhooks.userId, userId), isNull(webhooks.deletedAt)));
  if (existing.length >= MAX_WEBHOOKS_PER_USER) return { ok: false, code: 'LIMIT_EXCEEDED', message: `At most ${MAX_WEBHOOKS_PER_USER} webhooks.` };
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const [row] = await db.insert(webhooks).values({ userId, url: url.trim(), secret }).returning({ id: webhooks.id, url: webhooks.url, createdAt: webhooks.createdAt });
  return { ok: true, webhook: row, secret };
}

export async function listWebhooks(db: Db, userId: string): Promise<WebhookView[]> {
  return db
    .select({ id: webhooks.id, url: webhooks.url, createdAt: webhooks.createdAt })
    .from(webhooks)
    .where(and(eq(webhooks.userId, userId), isNull(webhooks.deletedAt)))
    .orderBy(desc(webhooks.createdAt));
}

export async function deleteWebhook(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(webhooks)
    .set({ deletedAt: new Date() })
    .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId), isNull(webhooks.deletedAt)))
    .returning({ id: webhooks.id });
  return rows.length === 1;
}

export async function listDeliveries(db: Db, webhookId: string, first: number) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).orderBy(desc(webhookDeliveries.createdAt)).limit(first);
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as receivers verify it. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Seconds to wait before attempt n+1 (n failed): 2, 4, 8, … capped at 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 2 ** attempts);
}

/**
 * Sends due deliveries (claimed with SKIP LOCKED so instances share them), each signed with its
 * webhook's secret; a 2xx marks it delivered, anything else (or no answer within the timeout) is
 * retried with backoff until MAX_ATTEMPTS. Each target is checked again before it is contacted:
 * its host is resolved, every address must be allowed by `policy`, and the connection goes to the
 * address that was checked. Returns how many were attempted.
 */
export async function deliverDueWebhooks(
  deps: { db: Db; onResult?: (ok: boolean) => void },
  options: { policy: TargetPolicy; timeoutMs?: number; now?: Date },
): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ delivery: webhookDeliveries, url: webhooks.url, secret: webhooks.secret })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.status, 'PENDING'), lte(webhookDeliveries.nextAttemptAt, options.now ?? new Date())))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(20)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    await Promise.all(
      due.map(async ({ delivery, url, secret }) => {
        const body = JSON.stringify({ id: delivery.id, type: `bet.${delivery.kind.toLowerCase()}`, cursor: delivery.cursor.toString(), betId: delivery.betId, createdAt: delivery.createdAt.toISOString() });
        const timestamp = Math.floor(Date.now() / 1000);
        let statusCode: number | null = null;
        let error: string | null = null;
        try {
          const target = await resolveDeliveryTarget(url, options.policy);
          if (!target.ok) throw new Error(target.problem);
          const headers = {
            'content-type': 'application/json',
            'user-agent': 'live-sportsbook-webhooks',
            'x-sportsbook-signature': signWebhook(secret, body, timestamp),
            'x-sportsbook-delivery': delivery.id,
          };
          statusCode = await postToTarget(target, headers, body, timeoutMs);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
        deps.onResult?.(ok);
        const attempts = delivery.attempts + 1;
        await tx
          .update(webhookDeliveries)
          .set(
            ok
              ? { status: 'DELIVERED', attempts, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() }
              : {
                  status: attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING',
                  attempts,
                  lastStatusCode: statusCode,
                  lastError: error ?? `HTTP ${statusCode}`,
                  nextAttemptAt: new Date(Date.now() + retryDelaySeconds(attempts) * 1000),
                },
          )
          .where(eq(webhookDeliveries.id, delivery.id));
      }),
    );
    return due.length;
  });
}
