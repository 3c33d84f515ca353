import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { createTestDatabase, testEnv, type TestDatabase } from '../../e2e/support/services';
import { signUp } from '../auth/accounts';
import type { PubSub } from '../live/pubsub';
import { createEvent } from '../markets/create-event';
import { getMarketsByEvent } from '../markets/read-markets';
import { createRuntime, type Runtime } from '../runtime';
import { deposit } from '../wallet/deposit';
import { betUpdatesAfter, betUpdatesResumeCursor, liveBetUpdates, type BetUpdate } from './bet-updates';
import { placeBet } from './place-bet';

// The reader of a user's bet updates, at the moment a subscription is set up: whatever commits
// while the transport has not yet acknowledged the subscription must still arrive, exactly once.

let database: TestDatabase;
let runtime: Runtime;

before(async () => {
  database = await createTestDatabase();
  runtime = await createRuntime(testEnv(database.url, { INPLAY_DELAY_MS: '0' }));
});

after(async () => {
  await runtime?.close();
  await database?.drop();
});

/** The runtime's pub/sub, with every subscription's acknowledgement held until `open()`. */
function heldAcknowledgements(pubsub: PubSub) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held: PubSub = {
    ...pubsub,
    publish: (kind, id, payload) => pubsub.publish(kind, id, payload),
    listen: (kind, id, onMessage) => pubsub.listen(kind, id, onMessage),
    onReconnect: (listener) => pubsub.onReconnect(listener),
    healthy: () => pubsub.healthy(),
    close: () => pubsub.close(),
    subscribe: (kind, id, options) => {
      const inner = pubsub.subscribe(kind, id, options);
      return Object.assign(inner, { ready: Promise.all([inner.ready, gate]).then(() => undefined) });
    },
  };
  return { pubsub: held, open };
}

async function bettorWithFunds() {
  const user = await signUp(runtime.db, `upd_${randomUUID().slice(0, 8)}`, 'password123');
  assert.ok(user.ok);
  await deposit(runtime.db, user.value.id, 100_000n, randomUUID(), 10_000_000n);
  return user.value.id;
}

async function selection() {
  const created = await createEvent(runtime, {
    sport: 'football',
    home: `H${randomUUID().slice(0, 6)}`,
    away: `A${randomUUID().slice(0, 6)}`,
    startsAt: new Date(Date.now() + 3_600_000),
    live: false,
    markets: [{ name: 'Winner', selections: [{ name: 'Home', odds: 180 }, { name: 'Away', odds: 210 }] }],
  });
  assert.ok(created.ok);
  return (await getMarketsByEvent(runtime.db, [created.value.id])).get(created.value.id)![0].selections[0].id;
}

/** Places a bet and publishes its committed update as the relay would; answers the update's cursor. */
async function placeAndPublish(userId: string, selectionId: string): Promise<string> {
  const placed = await placeBet(runtime, userId, { legs: [{ selectionId, oddsHundredths: 180 }], stakeMinor: 100n, idempotencyKey: randomUUID(), policy: 'ANY' });
  assert.ok(placed.ok);
  const [row] = await runtime.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'bets')))
    .orderBy(desc(outbox.id))
    .limit(1);
  const cursor = row.id.toString();
  await runtime.pubsub.publish('bets', userId, { cursor, kind: 'PLACED', betId: placed.betId });
  return cursor;
}

/** The iterator's next update, or null if none comes within `ms`. */
async function nextWithin(updates: AsyncIterator<BetUpdate>, ms: number, pending = updates.next()): Promise<BetUpdate | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref());
  const result = await Promise.race([pending, timeout]);
  return result && !result.done ? result.value : null;
}

describe('a live bet-updates subscription being set up', () => {
  it('delivers, exactly once, an update committed and published before the transport acknowledged it', async () => {
    const userId = await bettorWithFunds();
    const selectionId = await selection();
    await placeAndPublish(userId, selectionId); // history: not delivered to a live-only subscription
    const { pubsub, open } = heldAcknowledgements(runtime.pubsub);

    const updates = liveBetUpdates({ db: runtime.db, pubsub }, userId);
    const first = updates.next();
    // The subscription is being set up (not yet acknowledged) while the user's next bet commits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cursor = await placeAndPublish(userId, selectionId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    open();

    const update = await nextWithin(updates, 10_000, first);
    assert.equal(update?.cursor, cursor, 'the update committed during set-up arrives');
    assert.equal(update?.kind, 'PLACED');
    assert.equal(await nextWithin(updates, 1000), null, 'and only once');
    await updates.return?.();
  });
});

/** The runtime's pub/sub, losing in transit every message whose cursor is in `lost`. */
function losing(pubsub: PubSub, lost: Set<string>): PubSub & { dropConnection(): void } {
  const lostListeners = new Set<() => void>();
  return {
    ...pubsub,
    // The connection drops (and the reconnect's catch-up is late: it never comes here).
    dropConnection: () => lostListeners.forEach((listener) => listener()),
    onConnectionLost: (listener) => {
      lostListeners.add(listener);
      return () => void lostListeners.delete(listener);
    },
    subscribe: (kind, id, options) => {
      const inner = pubsub.subscribe(kind, id, options);
      const next = inner.next.bind(inner);
      inner.next = async () => {
        for (;;) {
          const result = await next();
          if (result.done || !lost.has((result.value as { cursor: string }).cursor)) return result;
        }
      };
      return inner;
    },
  };
}

/** Where a user's outbox will put their next update: their newest cursor, read after a write. */
async function newestCursor(userId: string): Promise<string> {
  const [row] = await runtime.db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.userId, userId), eq(outbox.topic, 'bets'))).orderBy(desc(outbox.id)).limit(1);
  return row.id.toString();
}

describe('a bet-updates subscription whose transport lost a message', () => {
  for (const name of ['resuming from a cursor', 'live only'] as const) {
    it(`delivers the lost update before the later one that did arrive, in cursor order (${name})`, async () => {
      const userId = await bettorWithFunds();
      const selectionId = await selection();
      const lost = new Set<string>();
      const pubsub = losing(runtime.pubsub, lost);
      const deps = { db: runtime.db, pubsub };
      const updates = name === 'live only' ? liveBetUpdates(deps, userId) : await betUpdatesAfter(deps, userId, BigInt(await betUpdatesResumeCursor(runtime.db, userId)));
      const first = updates.next();
      // Set up and acknowledged; then the connection drops, one update's message never arrives
      // (sent while it was down), and the next one's does, before the reconnect's catch-up ran.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      pubsub.dropConnection();
      const placed = await placeBet(runtime, userId, { legs: [{ selectionId, oddsHundredths: 180 }], stakeMinor: 100n, idempotencyKey: randomUUID(), policy: 'ANY' });
      assert.ok(placed.ok);
      const missing = await newestCursor(userId);
      lost.add(missing);
      await runtime.pubsub.publish('bets', userId, { cursor: missing, kind: 'PLACED', betId: placed.betId });
      const arrived = await placeAndPublish(userId, selectionId);

      const received = [await nextWithin(updates, 10_000, first), await nextWithin(updates, 10_000)];
      assert.deepEqual(received.map((u) => u?.cursor), [missing, arrived]);
      assert.equal(await nextWithin(updates, 1000), null, 'each once');
      await updates.return?.();
    });
  }
});

describe('the viewer’s resume cursor', () => {
  it('is a cursor before the first update too, from which that first update arrives', async () => {
    const userId = await bettorWithFunds();
    const resumeFrom = await betUpdatesResumeCursor(runtime.db, userId);
    const updates = await betUpdatesAfter({ db: runtime.db, pubsub: runtime.pubsub }, userId, BigInt(resumeFrom));
    const first = updates.next();
    const cursor = await placeAndPublish(userId, await selection());
    const update = await nextWithin(updates, 10_000, first);
    assert.equal(update?.cursor, cursor);
    assert.equal(await betUpdatesResumeCursor(runtime.db, userId), cursor, 'then it is the newest update’s cursor');
    await updates.return?.();
  });
});
