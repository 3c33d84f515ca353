import { performance } from 'node:perf_hooks';
import type { Db } from '../db/client';
import { openLeaseConnection } from '../db/lease-connection';
import { every } from './every';
import { acquireLease, readLease, releaseLease, renewLease, type LeaseFence } from './lease';
import { log as logger } from './log';

export interface LeaseKeeperOptions {
  /** The lease, e.g. 'feed-simulator'. */
  name: string;
  /** This instance (runtime.instanceId). */
  holder: string;
  /** How long a term lasts unless renewed. */
  ttlMs: number;
  /** How often the holder renews, and a follower looks for a lapsed lease; default a third of the TTL. */
  renewMs?: number;
  /**
   * How long before its lease could expire the holder stops acting as holder when renewals do not
   * answer; default a fifth of the TTL (at least 100 ms). A round unanswered for TTL less this is
   * abandoned and the connection replaced.
   */
  marginMs?: number;
  /** Called when this instance gains a term (with it) or stops acting as holder (with null). */
  onChange?: (fence: LeaseFence | null) => void;
  /** Where failed rounds are reported; default the process log at warn level. */
  log?: (message: string) => void;
}

export interface LeaseKeeper {
  /** The running term while this instance may act as holder; null otherwise. */
  current(): LeaseFence | null;
  /** Stops renewing and gives the lease up, so another instance takes over at once. */
  stop(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Keeps a lease on its own timer and its own connection, so renewal never waits behind the work
 * the lease guards (a slow feed tick, a busy pool). The holder renews every `renewMs`; a renewal
 * sent at time t proves the lease until t + ttl at least, and the holder acts only until
 * t + ttl - margin: when renewals stop answering it stops acting before the lease could lapse and
 * another instance could begin a term. A round that has not answered within `renewMs` is
 * abandoned (its connection dropped). Writes the lease guards check the term's epoch in Postgres
 * as well (fencedDb), which covers a holder paused between its check and its write.
 */
export function startLeaseKeeper(database: { db: Db; databaseUrl?: string }, options: LeaseKeeperOptions): LeaseKeeper {
  const { name, holder, ttlMs } = options;
  const renewMs = options.renewMs ?? ttlMs / 3;
  const marginMs = options.marginMs ?? Math.max(100, ttlMs / 5);
  const log = options.log ?? ((message: string) => logger.warn({ lease: name }, message));
  const connection = openLeaseConnection(database.databaseUrl, database.db, ttlMs - marginMs);

  let term: { fence: LeaseFence; actUntilMs: number } | null = null;
  let stopped = false;

  const change = (fence: LeaseFence | null) => {
    try {
      options.onChange?.(fence);
    } catch (error) {
      log(`lease ${name}: change handler failed: ${messageOf(error)}`);
    }
  };
  const lose = () => {
    if (!term) return;
    logger.info({ lease: name, holder, epoch: term.fence.epoch }, 'lease term ended');
    term = null;
    change(null);
  };

  async function round(): Promise<void> {
    const sentMs = performance.now();
    if (term && sentMs >= term.actUntilMs) lose();
    if (term) {
      if (await renewLease(connection.db, term.fence, ttlMs)) term.actUntilMs = sentMs + ttlMs - marginMs;
      else lose();
      return;
    }
    // A look without locks first: trying to take a running lease would queue behind its holder's work.
    const lease = await readLease(connection.db, name);
    if (lease?.live && lease.holder !== holder) return;
    const fence = await acquireLease(connection.db, name, holder, ttlMs);
    if (!fence || stopped) return;
    term = { fence, actUntilMs: sentMs + ttlMs - marginMs };
    logger.info({ lease: name, holder, epoch: fence.epoch }, 'lease term began');
    change(fence);
  }

  // A round that has not answered by the time its term would be useless (TTL less the margin) is
  // abandoned: later rounds go through a fresh connection. Rounds run on their own timer (one
  // `every` of this keeper's), so they never wait behind the work the lease guards.
  const abandonAfterMs = ttlMs - marginMs;
  const attempt = async () => {
    let abandon: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (abandon = setTimeout(() => resolve('timeout'), abandonAfterMs)));
    try {
      if ((await Promise.race([round().then(() => 'done' as const), timedOut])) === 'timeout') {
        log(`lease ${name}: no answer from the database within ${Math.round(abandonAfterMs)} ms; reconnecting`);
        connection.reset();
      }
    } finally {
      clearTimeout(abandon);
      if (term && performance.now() >= term.actUntilMs) lose();
    }
  };
  const rounds = every(renewMs, attempt, (error) => log(`lease ${name}: ${messageOf(error)}`), { pace: 'rate', immediately: true });

  return {
    current: () => (term && performance.now() < term.actUntilMs ? term.fence : null),
    async stop() {
      stopped = true;
      await rounds.stop();
      const held = term;
      lose();
      if (held) await releaseLease(connection.db, held.fence).catch((error) => log(`lease ${name}: could not release: ${messageOf(error)}`));
      await connection.close().catch(() => {});
    },
  };
}
