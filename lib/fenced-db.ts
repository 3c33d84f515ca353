import type { Db, Tx } from '../db/client';
import { holdFence, type LeaseFence } from './lease';

/** The Db methods that start a write outside a transaction (or may: a raw statement, a CTE). */
const WRITES = new Set(['insert', 'update', 'delete', 'execute', 'with', 'refreshMaterializedView']);

type InFence = <T>(work: (tx: Tx) => Promise<T>, config?: Parameters<Db['transaction']>[1]) => Promise<T>;

/**
 * A database handle for work that a lease guards (the feed's tick, an auto-cashout): every
 * transaction opened through it first passes the term's fence (holdFence), and every write made
 * outside a transaction (`db.update(...)...`, `db.execute(...)`) is run in a fenced transaction of
 * its own when awaited. Reads outside transactions are not fenced; a stale reader changes nothing.
 * The services it is handed to need no fencing code of their own, and a holder whose term is over
 * gets LeaseLostError from Postgres instead of a write.
 */
export function fencedDb(db: Db, fence: LeaseFence, idleLimitMs?: number): Db {
  const inFence: InFence = (work, config) =>
    db.transaction(async (tx) => {
      await holdFence(tx, fence, idleLimitMs);
      return work(tx);
    }, config);
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'transaction') return inFence;
      if (typeof property === 'string' && WRITES.has(property)) return (...args: unknown[]) => deferred(inFence, [[property, args]]);
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A query builder's chain of calls (`update(t).set(v).where(c)`), replayed on a fenced transaction
 * when it is awaited or executed, as drizzle runs a builder only then.
 */
function deferred(inFence: InFence, calls: Array<[PropertyKey, unknown[]]>): unknown {
  const run = () => inFence(async (tx) => calls.reduce<any>((builder, [method, args]) => builder[method](...args), tx));
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (property === 'then') return (onValue?: (v: unknown) => unknown, onError?: (e: unknown) => unknown) => run().then(onValue, onError);
        if (property === 'catch') return (onError: (e: unknown) => unknown) => run().catch(onError);
        if (property === 'finally') return (onFinally: () => void) => run().finally(onFinally);
        if (property === 'execute') return () => run();
        return (...args: unknown[]) => deferred(inFence, [...calls, [property, args]]);
      },
    },
  );
}
