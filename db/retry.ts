import type { Db, Tx } from './client';

/**
 * SQLSTATEs that say "this transaction lost a race, run it again": serialization_failure,
 * deadlock_detected and lock_not_available (a lock timeout or NOWAIT). Postgres rolled the whole
 * transaction back, so running it again from the start is exact.
 */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03']);

/** One retry (or the last, refused, attempt) of a transaction, for metrics and logs. */
export interface RetryEvent {
  /** The SQLSTATE that made it retry. */
  code: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long it waits before the next attempt; null when it gave up. */
  delayMs: number | null;
  /** The driver's error (deadlock detected, with Postgres's detail), not the query wrapped around it. */
  error: unknown;
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 6). */
  attempts?: number;
  /** The backoff's first ceiling (default 10 ms); it doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  /** The largest ceiling (default 250 ms). */
  maxDelayMs?: number;
  /** Told of every retry, and of giving up (delayMs null). */
  onRetry?: (event: RetryEvent) => void;
}

/** The error in the cause chain (drizzle wraps the driver's) whose SQLSTATE says the transaction lost a race, or null. */
export function lostRace(error: unknown): { code: string; error: unknown } | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) return { code: e.code, error: e };
  }
  return null;
}

/**
 * Whether the error (or one in its cause chain) says the connection went away or never came: the
 * server ended the session (57P01 after pg_terminate_backend, 57P02, 57P03) or had no room for it
 * (53300, too many clients), a connection exception (08xxx), or postgres.js found the socket closed. Whatever the transaction did is rolled back, unless its
 * COMMIT was already sent, so only work that can tell its own committed rows apart is rerun.
 */
export function connectionLost(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    if (typeof e.code !== 'string') continue;
    if (/^(57P0[123]|53300|08[0-9A-Z]{3})$/.test(e.code) || ['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE'].includes(e.code)) return true;
  }
  return false;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not a lost race, or has failed
 * `attempts` times. Between attempts it waits a random time up to a ceiling that doubles each time
 * ("full jitter"), so transactions that collided do not collide again in lockstep.
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 10;
  const maxDelayMs = options.maxDelayMs ?? 250;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const lost = lostRace(error);
      if (!lost) throw error;
      if (n >= attempts) {
        options.onRetry?.({ code: lost.code, attempt: n, delayMs: null, error: lost.error });
        throw error;
      }
      const delayMs = Math.floor(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1)));
      options.onRetry?.({ code: lost.code, attempt: n, delayMs, error: lost.error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** Effects waiting for their transaction to commit, by transaction handle (one attempt's handle). */
const pendingEffects = new WeakMap<object, Array<() => void>>();

/**
 * Runs `effect` once the transaction commits, and never if it rolls back (including an attempt
 * that is retried). For in-memory side effects of a transaction's callback (counters, say), which
 * would otherwise happen once per attempt. Outside a retrying transaction it runs at once.
 */
export function onCommit(tx: Tx | Db, effect: () => void): void {
  const effects = pendingEffects.get(tx);
  if (effects) effects.push(effect);
  else effect();
}

/**
 * Makes every `db.transaction(...)` a retried one: a transaction that fails with a serialization
 * failure, a deadlock or a lock timeout is rolled back and run again from the start, with backoff.
 * Every transaction in this codebase is safe to rerun: its callback reads and writes only through
 * the transaction (idempotency keys and the outbox make a repeat exact), and in-memory effects go
 * through onCommit.
 */
export function retryingTransactions<T extends Db>(db: T, options: RetryOptions = {}): T {
  const transaction = db.transaction.bind(db);
  const retried: Db['transaction'] = (callback, config) =>
    withRetry(async () => {
      let effects: Array<() => void> = [];
      const result = await transaction(async (tx) => {
        effects = [];
        pendingEffects.set(tx, effects);
        return callback(tx);
      }, config);
      for (const effect of effects) effect();
      return result;
    }, options);
  Object.defineProperty(db, 'transaction', { value: retried, configurable: true, writable: true });
  return db;
}
