import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { credentialRevocations } from '../../db/schema';
import type { PubSub } from '../live/pubsub';
import { log } from '../log';

/** A credential a request or a socket acts with, as far as revocation and expiry are concerned. */
export type Credential =
  | { kind: 'token'; tokenId: string; userId: string; expiresAtMs: number }
  | { kind: 'key'; keyId: string; userId: string };

/** Why a credential no longer holds. */
export type CredentialProblem = 'CREDENTIAL_REVOKED' | 'CREDENTIAL_EXPIRED';

/** What the `revoked` topic carries, and what the table stores. */
export interface RevocationMessage {
  kind: 'KEY' | 'TOKEN';
  /** The API key's id, or the token's id (`jti`). */
  subject: string;
  /** ISO time after which the entry no longer matters (a token's own expiry). */
  expiresAt: string;
}

/** How long a key's revocation is remembered in memory and in the table (the key row itself is the lasting record). */
export const KEY_REVOCATION_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How far back each poll reads, so a revocation whose transaction committed late is not missed. */
const POLL_OVERLAP_MS = 30_000;
const PRUNE_EVERY_MS = 60_000;
/** setTimeout's largest delay; a later expiry is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const entryKey = (kind: RevocationMessage['kind'], subject: string) => `${kind}:${subject}`;
const credentialKey = (credential: Credential) => (credential.kind === 'key' ? entryKey('KEY', credential.keyId) : entryKey('TOKEN', credential.tokenId));

/**
 * Stores a revocation in the caller's transaction (idempotent). Announce it with
 * `Revocations.announce` after the transaction commits.
 */
export async function storeRevocation(db: Db | Tx, message: RevocationMessage): Promise<void> {
  await db
    .insert(credentialRevocations)
    .values({ kind: message.kind, subject: message.subject, expiresAt: new Date(message.expiresAt) })
    .onConflictDoNothing();
}

/**
 * The set of revoked credentials every instance keeps in memory, so that each request and each
 * operation on a socket can ask "does this credential still hold?" without a round trip. It learns
 * of revocations three ways: all live ones from the database at start, each new one through the
 * `revoked` pub/sub topic within milliseconds, and by reading the table every `pollMs` (after a
 * pub/sub reconnect at once) for any message that was lost. Sockets watch their credential and are
 * told when it is revoked or expires.
 */
export interface Revocations {
  /** The credential's problem now (synchronous): expired, revoked, or null while it holds. */
  problem(credential: Credential): CredentialProblem | null;
  /**
   * Calls `onLost` once, when the credential is revoked (on any instance) or expires, or at once
   * if it already has. Returns a function that stops watching.
   */
  watch(credential: Credential, onLost: (problem: CredentialProblem) => void): () => void;
  /** Applies a stored revocation here and tells every other instance. Call after its transaction committed. */
  announce(message: RevocationMessage): Promise<void>;
  /** Reads the table for revocations this instance may have missed; startJobs runs it every REVOCATION_POLL_MS. */
  poll(): Promise<void>;
  /**
   * Listens to the `revoked` topic (reading the table after each pub/sub reconnect) and reads the
   * live revocations from the table; resolves once the set is complete as of now. startJobs runs
   * it before the server takes requests.
   */
  listen(): Promise<{ stop(): Promise<void> }>;
  /** Stops watching credentials. */
  close(): Promise<void>;
}

/** The revocation set of this instance, empty until `listen` has read the table. */
export function createRevocations(deps: { db: Db; pubsub: PubSub }): Revocations {
  const revoked = new Map<string, number>();
  const watchers = new Map<string, Set<Watcher>>();
  interface Watcher {
    lost: (problem: CredentialProblem) => void;
    timer?: ReturnType<typeof setTimeout>;
  }

  const apply = (message: RevocationMessage) => {
    const expiresAtMs = Date.parse(message.expiresAt);
    if (!(expiresAtMs > Date.now())) return;
    const key = entryKey(message.kind, message.subject);
    revoked.set(key, Math.max(expiresAtMs, revoked.get(key) ?? 0));
    const waiting = watchers.get(key);
    if (!waiting) return;
    watchers.delete(key);
    for (const watcher of waiting) watcher.lost('CREDENTIAL_REVOKED');
  };

  let sinceMs: number | null = null;
  let lastPruneMs = Date.now();
  let polling: Promise<void> | null = null;
  const readTable = async () => {
    const since = sinceMs === null ? null : new Date(sinceMs - POLL_OVERLAP_MS).toISOString();
    // The database's clock dates the next read, so clock skew between instances cannot open a gap.
    const result = await deps.db.execute(sql`
      with clock as (select now() as at)
      select clock.at, r.kind, r.subject, r.expires_at
      from clock left join ${credentialRevocations} r
        on r.expires_at > clock.at and (${since}::timestamptz is null or r.created_at > ${since}::timestamptz)`);
    const rows = rowsOf<{ at: string | Date; kind: 'KEY' | 'TOKEN' | null; subject: string | null; expires_at: string | Date | null }>(result);
    for (const row of rows) {
      if (row.kind && row.subject && row.expires_at) apply({ kind: row.kind, subject: row.subject, expiresAt: new Date(row.expires_at).toISOString() });
    }
    sinceMs = new Date(rows[0].at).getTime();
    const now = Date.now();
    for (const [key, expiresAtMs] of revoked) if (expiresAtMs <= now) revoked.delete(key);
    if (now - lastPruneMs >= PRUNE_EVERY_MS) {
      lastPruneMs = now;
      await deps.db.delete(credentialRevocations).where(sql`${credentialRevocations.expiresAt} < now() - interval '1 minute'`);
    }
  };
  const poll = () => (polling ??= readTable().finally(() => (polling = null)));

  const listen = async () => {
    // Listen first (acknowledged), then read the table: a revocation announced in between is in one or the other.
    let closed = false;
    let subscription = deps.pubsub.subscribe('revoked', 'all', { bufferSize: 10_000 });
    const listening = (async () => {
      while (!closed) {
        try {
          for await (const message of subscription) apply(message);
        } catch (error) {
          log.warn({ err: error }, 'revocation listener fell behind; reading the table');
        }
        if (closed) return;
        // A moment's pause keeps a transport that keeps ending subscriptions from spinning this loop.
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        if (closed) return;
        subscription = deps.pubsub.subscribe('revoked', 'all', { bufferSize: 10_000 });
        void subscription.ready.then(poll).catch(() => {});
      }
    })();
    const stopReconnect = deps.pubsub.onReconnect(() => void poll().catch((error) => log.warn({ err: error }, 'revocation poll failed')));
    const stop = async () => {
      closed = true;
      stopReconnect();
      await subscription.return?.();
      await listening;
    };
    try {
      await subscription.ready;
      await readTable();
    } catch (error) {
      await stop();
      throw error;
    }
    return { stop };
  };

  const problem = (credential: Credential): CredentialProblem | null => {
    if (credential.kind === 'token' && credential.expiresAtMs <= Date.now()) return 'CREDENTIAL_EXPIRED';
    return revoked.has(credentialKey(credential)) ? 'CREDENTIAL_REVOKED' : null;
  };

  return {
    problem,
    watch(credential, onLost) {
      const key = credentialKey(credential);
      let done = false;
      const watcher: Watcher = {
        lost: (why) => {
          if (done) return;
          stop();
          onLost(why);
        },
      };
      const stop = () => {
        done = true;
        if (watcher.timer) clearTimeout(watcher.timer);
        const set = watchers.get(key);
        set?.delete(watcher);
        if (set?.size === 0) watchers.delete(key);
      };
      const now = problem(credential);
      if (now) {
        done = true;
        queueMicrotask(() => onLost(now));
        return () => {};
      }
      let set = watchers.get(key);
      if (!set) watchers.set(key, (set = new Set()));
      set.add(watcher);
      if (credential.kind === 'token') {
        const arm = () => {
          const leftMs = credential.expiresAtMs - Date.now();
          if (leftMs <= 0) return watcher.lost('CREDENTIAL_EXPIRED');
          watcher.timer = setTimeout(arm, Math.min(leftMs, MAX_TIMER_MS));
          watcher.timer.unref();
        };
        arm();
      }
      return stop;
    },
    async announce(message) {
      apply(message);
      // Stored already: an instance that misses this message reads it from the table instead.
      await deps.pubsub.publish('revoked', 'all', message).catch((error) => log.warn({ err: error }, 'revocation not published; instances will read it from the table'));
    },
    poll,
    listen,
    async close() {
      for (const set of watchers.values()) for (const watcher of set) if (watcher.timer) clearTimeout(watcher.timer);
      watchers.clear();
    },
  };
}
