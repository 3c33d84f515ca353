import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bufferedIterator, createMemoryPubSub, listenerOf, SlowConsumerError } from './pubsub';

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

  it('when listened to, hand over what was queued and then each value as it arrives, with nothing queued', () => {
    const t = topic<number>(2);
    t.push(1);
    const seen: number[] = [];
    listenerOf(t.iterator)!((value) => seen.push(value), () => assert.fail('ended'));
    assert.deepEqual(seen, [1]);
    for (let n = 2; n <= 10; n++) t.push(n); // far past the bound: a listener never falls behind
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('tell a listener once when the topic is ended, and stop handing it values', async () => {
    const t = topic<number>();
    const seen: number[] = [];
    const ends: Array<Error | undefined> = [];
    listenerOf(t.iterator)!((value) => seen.push(value), (error) => ends.push(error));
    t.push(1);
    await t.iterator.return!();
    await t.iterator.return!();
    t.push(2);
    assert.deepEqual(seen, [1]);
    assert.deepEqual(ends, [undefined]);
    assert.equal(t.detached(), true);
  });

  it('tell a listener at once when the topic had already ended', async () => {
    const t = topic<number>();
    await t.iterator.return!();
    const ends: Array<Error | undefined> = [];
    listenerOf(t.iterator)!(() => assert.fail('value'), (error) => ends.push(error));
    assert.deepEqual(ends, [undefined]);
  });

  it('keep handing a message to the other listeners of a topic when one of them fails', async () => {
    const pubsub = createMemoryPubSub();
    const failing = pubsub.subscribe('event', 'e1');
    listenerOf(failing)!(() => {
      throw new Error('listener broke');
    }, () => {});
    const reader = pubsub.subscribe('event', 'e1');
    await pubsub.publish('event', 'e1', { id: 'e1' } as never);
    assert.deepEqual(await reader.next(), { value: { id: 'e1' }, done: false });
  });
});
