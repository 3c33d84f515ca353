import { listApiKeys } from '../../lib/auth/api-keys';
import { sharedRuntime } from '../../lib/runtime-shared';
import { listDeliveries, listWebhooks } from '../../lib/webhooks/webhooks';
import { DELIVERIES_SHOWN, type ApiScope, type DeveloperData } from './operations';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * The first paint of the developers page, read on the server for a signed-in user, in the shape
 * the GraphQL `viewer { apiKeys webhooks }` query answers (so the client can replace it with a
 * refetch): scopes as the enum names, the prefix as `sbk_<prefix>`, times as ISO strings.
 */
export async function loadDeveloperData(userId: string): Promise<DeveloperData> {
  const { db } = sharedRuntime();
  const [keys, hooks] = await Promise.all([listApiKeys(db, userId), listWebhooks(db, userId)]);
  const deliveries = await Promise.all(hooks.map((hook) => listDeliveries(db, hook.id, DELIVERIES_SHOWN)));
  return {
    apiKeys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      prefix: `sbk_${key.prefix}`,
      scopes: key.scopes.map((scope) => scope.toUpperCase() as ApiScope),
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: iso(key.lastUsedAt),
      revokedAt: iso(key.revokedAt),
    })),
    webhooks: hooks.map((hook, i) => ({
      id: hook.id,
      url: hook.url,
      createdAt: hook.createdAt.toISOString(),
      deliveries: deliveries[i].map((d) => ({
        id: d.id,
        kind: d.kind,
        betId: d.betId,
        status: d.status,
        attempts: d.attempts,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: iso(d.deliveredAt),
        nextAttemptAt: d.nextAttemptAt.toISOString(),
      })),
    })),
  };
}
