import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from './client';
import * as schema from './schema';

/**
 * A connection of its own for renewing a lease, beside the instance's pool: a renewal never
 * queues behind the pool's work (requests and ticks waiting on locks), and a renewal that hangs
 * can be abandoned by dropping this one connection.
 */
export interface LeaseConnection {
  /** The handle to renew through (a new one after reset()). */
  readonly db: Db;
  /** Leaves the current connection to finish (or fail) on its own and sends later statements through a fresh one. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Opens the lease's own connection to `url`: statements and lock waits end on the server after
 * `timeoutMs`, and connecting gives up after it too. Without a URL (embedded PGlite, one process,
 * no pool to queue behind) the given handle is used as it is.
 */
export function openLeaseConnection(url: string | undefined, fallback: Db, timeoutMs: number): LeaseConnection {
  if (!url) return { db: fallback, reset: () => {}, close: async () => {} };
  const open = () =>
    postgres(url, {
      max: 1,
      connect_timeout: timeoutMs / 1000,
      idle_timeout: 0,
      max_lifetime: null,
      onnotice: () => {},
      connection: { statement_timeout: Math.round(timeoutMs), lock_timeout: Math.round(timeoutMs) },
    });
  let client = open();
  let db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    get db() {
      return db;
    },
    reset() {
      const old = client;
      client = open();
      db = drizzlePostgres(client, { schema }) as unknown as Db;
      // Ended without a deadline: postgres.js 3.4.9 can leave a rejection unhandled when it
      // destroys a connection that is still connecting, which ends the process. The statement in
      // flight fails by itself (statement_timeout, or the socket's keepalive).
      void old.end().catch(() => {});
    },
    close: () => client.end({ timeout: 1 }),
  };
}
