import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { eventually, freePort, RedisProcess } from '../../e2e/support/processes';
import { bufferedIterator, createMemoryPubSub, createRedisPubSub, SlowConsumerError, type PubSub } from './pubsub';

/** A topic fed by hand: push sends a value to the iterator, detached says whether it let go. */
function topic<T>(bufferSize = 3) {
  let push: (value: T) => void = () => {};
  let detached = false;
  const iterator = bufferedIterator<T>(bufferSize, (p) => {
    push = p;
    return () => {
      detached = true;
    };
  });
  return { iterator, push: (value: T) => push(value), detached: () => detached };
}

const event = (id: string) => ({ id }) as never;

describe('Topic iterators', () => {
  it('hand values to a reader in order and end with an error once the reader falls further behind than the bound', async () => {
    const t = topic<number>(2);
    t.push(1);
    assert.deepEqual(await t.iterator.next(), { value: 1, done: false });
    t.push(2);
    t.push(3);
    t.push(4); // a third unread value overflows a bound of 2
    await assert.rejects(t.iterator.next(), SlowConsumerError);
    assert.equal(t.detached(), true);
  });

  it('let go of the topic when returned, and stop handing values', async () => {
    const t = topic<number>();
    t.push(1);
    await t.iterator.return!();
    t.push(2);
    assert.deepEqual(await t.iterator.next(), { value: undefined, done: true });
    assert.equal(t.detached(), true);
  });
});

describe('In-process pub/sub', () => {
  it('hands one parsed object to every listener of a topic, with nothing queued, however far they are from reading', async () => {
    const pubsub = createMemoryPubSub();
    const seen: unknown[][] = [[], []];
    const listenings = seen.map((into) => pubsub.listen('event', 'e1', (message) => into.push(message)));
    await Promise.all(listenings.map((l) => l.ready));
    for (let n = 0; n < 300; n++) await pubsub.publish('event', 'e1', event(`e${n}`)); // past any iterator's bound
    await eventually(() => seen[1].length === 300, 5_000, 'every message');
    assert.equal(seen[0].length, 300);
    assert.equal(seen[0][0], seen[1][0], 'the same object');
    listenings.forEach((l) => l.close());
  });

  it('keeps handing a message to the other listeners of a topic when one of them fails', async () => {
    const pubsub = createMemoryPubSub();
    pubsub.listen('event', 'e1', () => {
      throw new Error('listener broke');
    });
    const reader = pubsub.subscribe('event', 'e1');
    await reader.ready;
    await pubsub.publish('event', 'e1', event('e1'));
    assert.deepEqual(await reader.next(), { value: { id: 'e1' }, done: false });
  });

  it('stops calling a listener once it is closed', async () => {
    const pubsub = createMemoryPubSub();
    const seen: unknown[] = [];
    const listening = pubsub.listen('event', 'e1', (message) => seen.push(message));
    const reader = pubsub.subscribe('event', 'e1');
    await pubsub.publish('event', 'e1', event('a'));
    await reader.next();
    listening.close();
    await pubsub.publish('event', 'e1', event('b'));
    await reader.next();
    assert.deepEqual(seen, [{ id: 'a' }]);
  });
});

/**
 * On a private Redis server this test kills and restarts, or whose ACL it changes. PUBSUB NUMSUB
 * is asked through a connection of the test's own.
 */
describe('Redis pub/sub (graphql-redis-subscriptions)', () => {
  let redis: RedisProcess;
  let admin: Redis;
  const prefix = 'pst:';
  const open: PubSub[] = [];
  const connect = async (url = redis.url) => {
    const pubsub = await createRedisPubSub(url, prefix);
    open.push(pubsub);
    return pubsub;
  };
  const subscribers = async (channel: string) => {
    const [, count] = (await admin.pubsub('NUMSUB', prefix + channel)) as [string, number];
    return Number(count);
  };
  before(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    admin.on('error', () => {});
  });
  after(async () => {
    for (const pubsub of open) await pubsub.close();
    admin?.disconnect();
    redis?.kill();
  });

  it('counts a subscription once Redis acknowledged it: by then PUBSUB NUMSUB shows the channel and a publish reaches it', async () => {
    const pubsub = await connect();
    const iterator = pubsub.subscribe('event', 'ack');
    await iterator.ready;
    assert.equal(await subscribers('event:ack'), 1);
    await pubsub.publish('event', 'ack', event('ack'));
    assert.deepEqual(await iterator.next(), { value: { id: 'ack' }, done: false });
    await iterator.return!();
    await eventually(async () => (await subscribers('event:ack')) === 0, 5_000, 'unsubscribed');
  });

  it('keeps one Redis subscription per channel for many local listeners, and lets go of it when the last one closes', async () => {
    const pubsub = await connect();
    const seen: unknown[] = [];
    const listenings = Array.from({ length: 50 }, () => pubsub.listen('odds', 'many', (message) => seen.push(message)));
    await Promise.all(listenings.map((l) => l.ready));
    const [{ count }] = [{ count: await subscribers('odds:many') }];
    assert.equal(count, 1);
    await pubsub.publish('odds', 'many', { event: { id: 'many' } } as never);
    await eventually(() => seen.length === 50, 5_000, 'every listener');
    assert.ok(seen.every((m) => m === seen[0]), 'parsed once, the same object for every listener');
    listenings.slice(1).forEach((l) => l.close());
    assert.equal(await subscribers('odds:many'), 1);
    listenings[0].close();
    await eventually(async () => (await subscribers('odds:many')) === 0, 5_000, 'unsubscribed');
  });

  it('lets go of the channel when a listener closes before Redis acknowledged it', async () => {
    const pubsub = await connect();
    const seen: unknown[] = [];
    const listening = pubsub.listen('event', 'early', (message) => seen.push(message));
    listening.close();
    // Redis answers in order: once a later SUBSCRIBE is acknowledged, so was the first.
    const later = pubsub.subscribe('event', 'early-later');
    await later.ready;
    await eventually(async () => (await subscribers('event:early')) === 0, 5_000, 'unsubscribed');
    await pubsub.publish('event', 'early', event('early'));
    await pubsub.publish('event', 'early-later', event('early-later'));
    await later.next();
    assert.deepEqual(seen, []);
    await later.return!();
  });

  it('acknowledges a subscription opened while Redis is down once it returns, then delivers live messages to it and to later subscribers of the topic', async () => {
    const pubsub = await connect();
    const reconnects: number[] = [];
    pubsub.onReconnect(() => reconnects.push(Date.now()));
    // Down longer than ioredis's retries per request (it used to fail the SUBSCRIBE, which was then swallowed).
    redis.kill();
    await eventually(async () => !(await pubsub.healthy()), 5_000, 'the outage seen');
    const during = pubsub.subscribe('bets', 'outage');
    let acknowledged = false;
    void during.ready.then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(acknowledged, false, 'not counted while Redis is down');
    await redis.start();
    await during.ready;
    assert.equal(await subscribers('bets:outage'), 1);
    await pubsub.publish('bets', 'outage', { cursor: '1', kind: 'PLACED', betId: 'b1' });
    assert.deepEqual(await during.next(), { value: { cursor: '1', kind: 'PLACED', betId: 'b1' }, done: false });
    const later = pubsub.subscribe('bets', 'outage');
    await later.ready;
    await pubsub.publish('bets', 'outage', { cursor: '2', kind: 'SETTLED', betId: 'b1' });
    assert.equal((await later.next()).value?.cursor, '2');
    assert.equal((await during.next()).value?.cursor, '2');
    assert.equal(await subscribers('bets:outage'), 1);
    await eventually(() => reconnects.length > 0, 10_000, 'the reconnect listeners called');
    await during.return!();
    await later.return!();
  });

  it('tells of a lost connection at once, and subscribes every channel with listeners again after a restart, acknowledged before the reconnect listeners are called', async () => {
    const pubsub = await connect();
    const channels = ['alpha', 'beta', 'gamma'];
    const iterators = channels.map((id) => pubsub.subscribe('event', `re-${id}`));
    await Promise.all(iterators.map((i) => i.ready));
    const counted: number[][] = [];
    const told: string[] = [];
    pubsub.onConnectionLost(() => told.push('lost'));
    pubsub.onReconnect(() => {
      told.push('reconnected');
      void Promise.all(channels.map((id) => subscribers(`event:re-${id}`))).then((counts) => counted.push(counts));
    });
    redis.kill();
    await eventually(async () => !(await pubsub.healthy()), 5_000, 'the outage seen');
    assert.equal(told[0], 'lost', 'the loss is told as the connection drops, before anything else');
    await redis.start();
    await eventually(() => counted.length > 0, 15_000, 'the reconnect listeners called');
    assert.deepEqual(counted[0], [1, 1, 1]);
    assert.equal(told.at(-1), 'reconnected');
    for (const [n, id] of channels.entries()) {
      await pubsub.publish('event', `re-${id}`, event(id));
      assert.deepEqual(await iterators[n].next(), { value: { id }, done: false });
    }
    await Promise.all(iterators.map((i) => i.return!()));
  });

  it('retries a SUBSCRIBE that Redis refused, counting the subscription only once one succeeds', async () => {
    // A user whose ACL allows no channel: Redis answers SUBSCRIBE with NOPERM.
    await admin.call('ACL', 'SETUSER', 'pstlimited', 'on', '>secret', '~*', '+@all', 'resetchannels');
    const limited = new URL(redis.url);
    limited.username = 'pstlimited';
    limited.password = 'secret';
    const pubsub = await connect(limited.toString());
    const refused = pubsub.subscribe('activity', 'acl');
    let acknowledged = false;
    void refused.ready.then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(acknowledged, false);
    assert.equal(await subscribers('activity:acl'), 0);
    await admin.call('ACL', 'SETUSER', 'pstlimited', 'allchannels');
    await refused.ready;
    assert.equal(await subscribers('activity:acl'), 1);
    await pubsub.publish('activity', 'acl', { type: 'PARTICIPANTS', count: 3, at: 'now' } as never);
    assert.deepEqual(await refused.next(), { value: { type: 'PARTICIPANTS', count: 3, at: 'now' }, done: false });
    await refused.return!();
  });
});
