import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiKeys, users } from '../../db/schema';
import { KEY_REVOCATION_RETENTION_MS, storeRevocation, type Revocations } from './revocations';
import type { Principal } from './tokens';

export type ApiScope = 'read' | 'bet';
export const API_SCOPES: readonly ApiScope[] = ['read', 'bet'];
export const MAX_KEYS_PER_USER = 20;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * Creates a key for the user and returns it whole, once: `sbk_<prefix>_<secret>`. Keys are random
 * 256-bit secrets, so a plain SHA-256 is a sound way to store them (no password stretching needed).
 */
export async function createApiKey(
  db: Db,
  userId: string,
  name: string,
  scopes: readonly string[],
): Promise<{ ok: true; key: string; view: ApiKeyView } | { ok: false; code: 'INVALID_INPUT' | 'LIMIT_EXCEEDED'; message: string }> {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 60) return { ok: false, code: 'INVALID_INPUT', message: 'A key name is 1 to 60 characters.' };
  const unique = [...new Set(scopes)];
  if (unique.length === 0 || unique.some((s) => !API_SCOPES.includes(s as ApiScope))) {
    return { ok: false, code: 'INVALID_INPUT', message: `Scopes are one or more of: ${API_SCOPES.join(', ')}.` };
  }
  const active = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  if (active.length >= MAX_KEYS_PER_USER) return { ok: false, code: 'LIMIT_EXCEEDED', message: `At most ${MAX_KEYS_PER_USER} active keys.` };
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiKeys)
    .values({ userId, name: clean, prefix, secretHash: digest(secret), scopes: unique.sort().join(',') })
    .returning();
  return { ok: true, key: `sbk_${prefix}_${secret}`, view: toView(row) };
}

function toView(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(',') as ApiScope[],
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyView[]> {
  return (await db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt))).map(toView);
}

/**
 * Revokes the user's key at once; null for someone else's or an unknown id. The revocation is
 * stored with the key's change and then announced, so sockets that use the key end on every
 * instance within seconds. Revoking twice keeps the first time.
 */
export async function revokeApiKey(deps: { db: Db; revocations: Revocations }, userId: string, id: string): Promise<ApiKeyView | null> {
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
      .returning();
    if (updated) await storeRevocation(tx, revocationOf(updated.id));
    return updated;
  });
  if (!row) return null;
  await deps.revocations.announce(revocationOf(row.id));
  return toView(row);
}

const revocationOf = (keyId: string) => ({ kind: 'KEY' as const, subject: keyId, expiresAt: new Date(Date.now() + KEY_REVOCATION_RETENTION_MS).toISOString() });

/** A principal for a presented key, or null for a malformed, unknown or revoked one. */
export async function verifyApiKey(db: Db, presented: string): Promise<(Principal & { apiKeyId: string; scopes: ApiScope[] }) | null> {
  const match = /^sbk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(presented.trim());
  if (!match) return null;
  const [row] = await db
    .select({ id: apiKeys.id, userId: apiKeys.userId, secretHash: apiKeys.secretHash, scopes: apiKeys.scopes, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.prefix, match[1]));
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(row.secretHash);
  const actual = Buffer.from(digest(match[2]));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  void db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id)).catch(() => {});
  // A key acts as a bettor even for a trader's account: trading needs a signed-in trader.
  return { userId: row.userId, role: 'BETTOR', apiKeyId: row.id, scopes: row.scopes.split(',') as ApiScope[] };
}
