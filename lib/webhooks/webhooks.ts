import { createHmac, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { webhookDeliveries, webhooks } from '../../db/schema';
import type { BetUpdateKind } from '../live/pubsub';

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
 * Only https URLs, or (for development) http on localhost: a webhook must not be a way to make
 * the server call into private networks over plain http.
 */
export function webhookUrlProblem(raw: string, allowHttpLocalhost = true): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'That is not a URL.';
  }
  if (url.username || url.password) return 'A webhook URL cannot carry credentials.';
  if (url.protocol === 'https:') return null;
  const localhost = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && localhost && allowHttpLocalhost) return null;
  return 'A webhook URL must use https (http is allowed for localhost only).';
}

/** True for loopback, private, link-local, carrier-grade NAT and unspecified addresses (v4 and v6). */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

/**
 * Where a delivery may go: http only to localhost (development), https only to public addresses,
 * checked at delivery time (DNS can change after registration), so a webhook cannot be used to
 * reach the server's private network.
 */
export async function deliveryTargetProblem(raw: string): Promise<string | null> {
  const url = new URL(raw);
  if (url.protocol === 'http:') return webhookUrlProblem(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  return addresses.some(isPrivateAddress) ? `${url.hostname} resolves to a private address; deliveries go to public hosts only.` : null;
}

export async function registerWebhook(
  db: Db,
  userId: string,
  url: string,
): Promise<{ ok: true; webhook: WebhookView; secret: string } | { ok: false; code: 'INVALID_INPUT' | 'LIMIT_EXCEEDED'; message: string }> {
  const problem = webhookUrlProblem(url);
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
 * retried with backoff until MAX_ATTEMPTS. Returns how many were attempted.
 */
export async function deliverDueWebhooks(
  deps: { db: Db; onResult?: (ok: boolean) => void },
  options: { timeoutMs?: number; now?: Date } = {},
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
          const refused = await deliveryTargetProblem(url);
          if (refused) throw new Error(refused);
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-sportsbook-signature': signWebhook(secret, body, timestamp), 'x-sportsbook-delivery': delivery.id },
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
          });
          statusCode = response.status;
          await response.body?.cancel();
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
