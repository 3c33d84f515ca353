import type { Db } from '../../db/client';
import { storeRevocation, type Credential, type Revocations } from './revocations';

/**
 * Revokes the token a request signed in with, on every instance, until it would have expired:
 * HTTP requests with it are then signed out and sockets bound to it end their viewer's
 * subscriptions. An API key is not a session and is left alone (revokeApiKey ends it).
 */
export async function revokeSession(deps: { db: Db; revocations: Revocations }, credential: Credential | null): Promise<void> {
  if (credential?.kind !== 'token') return;
  const message = { kind: 'TOKEN' as const, subject: credential.tokenId, expiresAt: new Date(credential.expiresAtMs).toISOString() };
  await storeRevocation(deps.db, message);
  await deps.revocations.announce(message);
}
