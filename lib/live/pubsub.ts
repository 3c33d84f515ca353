import { EventEmitter } from 'node:events';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub as LocalPubSub } from 'graphql-subscriptions';
import { Redis } from 'ioredis';
import { log } from '../log';
import type { EventView, OddsUpdateMessage } from '../markets/views';
import type { ActivityMessage } from '../rooms/activity';
import type { RevocationMessage } from '../auth/revocations';

export type BetUpdateKind =
  | 'PLACED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'LEG_UPDATED'
  | 'SETTLED'
  | 'RESETTLED'
  | 'CASHED_OUT'
  | 'PARTIALLY_CASHED_OUT';

/** What `bets:<userId>` carries: which bet changed and how; the cursor is the outbox row id. */
export interface BetUpdateMessage {
  cursor: string;
  kind: BetUpdateKind;
  betId: string;
}

/** Every topic kind and what it carries; a topic is a kind plus an entity id. */
export interface TopicMap {
  odds: OddsUpdateMessage;
  event: EventView;
  bets: BetUpdateMessage;
  activity: ActivityMessage;
  /** Revoked API keys and signed-out tokens, for every instance (one topic, id `all`). */
  revoked: RevocationMessage;
}
export type TopicKind = keyof TopicMap;

/** Thrown into a subscriber's iterator when it falls further behind than its buffer allows. */
export class SlowConsumerError extends Error {
  constructor(readonly bufferSize: number) {
    super(`Subscriber fell more than ${bufferSize} messages behind and was disconnected; subscribe again.`);
    this.name = 'SlowConsumerError';
  }
}

/**
 * One subscriber's callback subscription to a topic. `ready` resolves once the transport
 * acknowledged it (on Redis, the SUBSCRIBE reply): from then on every message published to the
 * topic reaches `onMessage`, so a reader of a durable topic reads its backlog after `ready`.
 */
export interface Listening {
  readonly ready: Promise<void>;
  /** Stops the callbacks at once; the transport lets go of the channel when its last listener closes. */
  close(): void;
}

/** A bounded iterator over one topic; `ready` as for Listening. */
export interface TopicIterator<T> extends AsyncIterableIterator<T> {
  readonly ready: Promise<void>;
}

/**
 * A topic not yet subscribed to, as subscription resolvers return it: iterated, it subscribes with a
 * bounded iterator (one subscriber reading at its own pace); listened to, with a callback per
 * message and nothing queued (graphql/shared-subscriptions fans one message out that way).
 */
export interface Topic<T> extends AsyncIterable<T> {
  [Symbol.asyncIterator](): TopicIterator<T>;
  listen(onMessage: (message: T) => void): Listening;
}

export interface PubSub {
  readonly kind: 'redis' | 'memory';
  publish<K extends TopicKind>(kind: K, id: string, payload: TopicMap[K]): Promise<void>;
  /** Listens to one topic. The iterator ends when returned, and throws SlowConsumerError on overflow. */
  subscribe<K extends TopicKind>(kind: K, id: string, options?: { bufferSize?: number }): TopicIterator<TopicMap[K]>;
  /** Listens to one topic with a callback per message (the same parsed object for every listener on the instance). */
  listen<K extends TopicKind>(kind: K, id: string, onMessage: (message: TopicMap[K]) => void): Listening;
  /**
   * Calls back after the transport reconnected and every channel with listeners on this instance
   * was subscribed again (acknowledged). Redis pub/sub is at-most-once: whatever was published
   * while the connection was down is gone, so readers of durable topics catch up from the outbox.
   */
  onReconnect(listener: () => void): () => void;
  /**
   * Calls back, at once, when the transport's connection drops: from then until the onReconnect
   * call after it, messages may have been lost, and a message that arrives may have overtaken one
   * that never will.
   */
  onConnectionLost(listener: () => void): () => void;
  /** The ids of the topics of this kind that this instance listens to (acknowledged by the transport). */
  listening(kind: TopicKind): string[];
  /** True when messages can flow (Redis answers PING). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** A topic of `pubsub`, subscribed to only when iterated or listened to. */
export function topic<K extends TopicKind>(pubsub: PubSub, kind: K, id: string): Topic<TopicMap[K]> {
  return {
    [Symbol.asyncIterator]: () => pubsub.subscribe(kind, id),
    listen: (onMessage) => pubsub.listen(kind, id, onMessage),
  };
}

/** Whether a subscription resolver's result is a Topic (so it can be listened to). */
export function isTopic(value: unknown): value is Topic<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Topic<unknown>).listen === 'function' && Symbol.asyncIterator in value;
}

const DEFAULT_BUFFER = 256;

/** An async iterator fed by push; bounded so a slow reader cannot grow memory without limit. */
export function bufferedIterator<T>(
  bufferSize: number,
  attach: (push: (value: T) => void) => () => void,
): AsyncIterableIterator<T> {
  const queue: T[] = [];
  const waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  let done = false;
  let failure: Error | null = null;

  const finish = () => {
    if (done) return;
    done = true;
    detach();
    for (const w of waiting.splice(0)) {
      if (failure) w.reject(failure);
      else w.resolve({ value: undefined, done: true });
    }
  };

  const detach = attach((value) => {
    if (done) return;
    const waiter = waiting.shift();
    if (waiter) return waiter.resolve({ value, done: false });
    if (queue.length >= bufferSize) {
      failure = new SlowConsumerError(bufferSize);
      queue.length = 0;
      return finish();
    }
    queue.push(value);
  });

  return {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (failure) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      queue.length = 0;
      failure = null;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      queue.length = 0;
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * The part of graphql-subscriptions' PubSubEngine used here, which both transports implement:
 * RedisPubSub (graphql-redis-subscriptions) and the in-process PubSub (graphql-subscriptions).
 * Each local listener is one engine subscription; the engine keeps one channel subscription per
 * channel, parses each message once and hands the same object to every listener of the channel.
 * The promise of `subscribe` resolves once the channel subscription is acknowledged.
 */
interface Engine {
  publish(trigger: string, payload: unknown): Promise<void>;
  subscribe(trigger: string, onMessage: (message: unknown) => void): Promise<number>;
  unsubscribe(subId: number): void;
}

const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 5_000;

/** Full-jitter exponential backoff for the `attempt`th retry. */
function retryDelayMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt));
}

/**
 * The listeners of one instance on an engine. A listener counts as subscribed only once the
 * engine acknowledged it; a subscription the engine refused is retried with backoff (never
 * counted, never dropped) until it succeeds or the listener closes.
 */
class Listeners {
  /** Channels with at least one acknowledged listener, and how many: what a reconnect subscribes again. */
  readonly acknowledged = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly engine: Engine,
    /** Prepended to every channel (the Redis key space of this deployment). */
    private readonly prefix: string,
  ) {}

  listen(channel: string, onMessage: (message: unknown) => void): Listening {
    let subId: number | null = null;
    let closed = false;
    let attempt = 0;
    let timer: NodeJS.Timeout | undefined;
    let acknowledge!: () => void;
    const ready = new Promise<void>((resolve) => (acknowledge = resolve));
    const deliver = (message: unknown) => {
      // RedisPubSub hands over the raw text of a message that is not JSON; no topic carries one.
      if (closed || typeof message !== 'object' || message === null) return;
      // One listener's failure must not keep the message from the others.
      try {
        onMessage(message);
      } catch (error) {
        log.error({ err: error, channel }, 'pub/sub listener failed');
      }
    };
    const subscribe = () => {
      timer = undefined;
      this.engine.subscribe(this.prefix + channel, deliver).then(
        (id) => {
          // Closed while the subscription was in flight: only now does the engine know the id to release.
          if (closed || this.closed) return void (this.closed || this.engine.unsubscribe(id));
          subId = id;
          this.acknowledged.set(channel, (this.acknowledged.get(channel) ?? 0) + 1);
          acknowledge();
        },
        (error: unknown) => {
          if (closed || this.closed) return;
          attempt += 1;
          const delayMs = retryDelayMs(attempt);
          log.warn({ err: error, channel, attempt, delayMs }, 'pub/sub subscription refused; retrying');
          timer = setTimeout(subscribe, delayMs);
          timer.unref();
        },
      );
    };
    subscribe();
    return {
      ready,
      close: () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        if (subId === null || this.closed) return;
        this.engine.unsubscribe(subId);
        const count = (this.acknowledged.get(channel) ?? 1) - 1;
        if (count > 0) this.acknowledged.set(channel, count);
        else this.acknowledged.delete(channel);
      },
    };
  }

  /** The ids of the acknowledged channels of one kind (`<kind>:<id>`). */
  ids(kind: string): string[] {
    const head = `${kind}:`;
    return [...this.acknowledged.keys()].filter((channel) => channel.startsWith(head)).map((channel) => channel.slice(head.length));
  }

  iterate<T>(channel: string, bufferSize: number): TopicIterator<T> {
    let listening: Listening | undefined;
    const iterator = bufferedIterator<T>(bufferSize, (push) => {
      listening = this.listen(channel, push as (message: unknown) => void);
      return () => listening!.close();
    });
    return Object.assign(iterator, { ready: listening!.ready });
  }

  /** Stops retrying and releasing: the engine's connections are going away. */
  close(): void {
    this.closed = true;
  }
}

/** In-process pub/sub for a single instance (the embedded default), on graphql-subscriptions' PubSub. */
export function createMemoryPubSub(): PubSub {
  const emitter = new EventEmitter();
  // Thousands of subscribers to one topic are expected, not a leak.
  emitter.setMaxListeners(0);
  const engine = new LocalPubSub({ eventEmitter: emitter });
  const listeners = new Listeners(engine, '');
  return {
    kind: 'memory',
    async publish(kind, id, payload) {
      // A JSON round trip keeps the memory transport honest: payloads must survive Redis too. The
      // parsed object is then shared by every listener, as RedisPubSub shares its parsed message.
      const message = JSON.parse(JSON.stringify(payload));
      queueMicrotask(() => void engine.publish(`${kind}:${id}`, message));
    },
    subscribe: (kind, id, options) => listeners.iterate(`${kind}:${id}`, options?.bufferSize ?? DEFAULT_BUFFER),
    listen: (kind, id, onMessage) => listeners.listen(`${kind}:${id}`, onMessage as (message: unknown) => void),
    onReconnect: () => () => {},
    onConnectionLost: () => () => {},
    listening: (kind) => listeners.ids(kind),
    healthy: async () => true,
    close: async () => listeners.close(),
  };
}

/**
 * RedisPubSub, with one fix. For a channel whose SUBSCRIBE is in flight, 2.7.0 keeps a second
 * promise that later subscribers of the channel wait on; when Redis refuses the SUBSCRIBE and no
 * later subscriber waited, that promise's rejection goes unhandled, which ends a Node process.
 */
class HandledRedisPubSub extends RedisPubSub {
  override subscribe<T>(trigger: string, onMessage: (message: T) => void, options?: unknown): Promise<number> {
    const subscribed = super.subscribe(trigger, onMessage, options);
    const internals = this as unknown as { subsPendingRefsMap: Map<string, { pending: { catch(onRejected: () => void): unknown } }> };
    internals.subsPendingRefsMap.get(trigger)?.pending.catch(() => {});
    return subscribed;
  }
}

/**
 * Redis pub/sub on graphql-redis-subscriptions' RedisPubSub, with a publishing and a subscribing
 * ioredis connection of our own (decision 0011). RedisPubSub keeps one SUBSCRIBE per channel per
 * instance, however many local listeners share it, and resolves a subscription once Redis
 * acknowledged it. On top: the typed topics, bounded iterators, retries of refused subscriptions,
 * and after a reconnect a fresh SUBSCRIBE of every channel with listeners, acknowledged before the
 * reconnect listeners (the catch-up readers) are called.
 */
export async function createRedisPubSub(url: string, prefix: string): Promise<PubSub> {
  // Auto-pipelining: what is published in one turn of the event loop (a relay pass's messages) goes in one write.
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true, connectionName: 'sportsbook-pub' });
  const subscriber = new Redis(url, {
    lazyConnect: true,
    connectionName: 'sportsbook-sub',
    // A SUBSCRIBE sent while Redis is down waits for it rather than failing after a few
    // reconnection attempts: it goes out when the connection is back, and its reply is the
    // acknowledgement the listener waits for. The commands this connection sends are only
    // (UN)SUBSCRIBEs, at most one in flight per channel, so what waits is bounded.
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    // Channels are subscribed again after a reconnect here (below), acknowledged, not by ioredis.
    autoResubscribe: false,
  });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  // RedisPubSub sends UNSUBSCRIBE and PUNSUBSCRIBE without waiting for the reply; one that fails
  // because the connection was closed must not become an unhandled rejection.
  for (const name of ['unsubscribe', 'punsubscribe'] as const) {
    const send = subscriber[name].bind(subscriber) as (...channels: string[]) => Promise<unknown>;
    subscriber[name] = ((...channels: string[]) => {
      const reply = send(...channels);
      reply.catch((error: unknown) => log.debug({ err: error }, `pub/sub ${name} not sent`));
      return reply;
    }) as never;
  }
  // Silence connection-level errors here; ioredis reconnects by itself and health reports it.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  const engine = new HandledRedisPubSub({ publisher, subscriber });
  const listeners = new Listeners(engine, prefix);
  const reconnectListeners = new Set<() => void>();
  const lostListeners = new Set<() => void>();
  let closed = false;
  let connection = 0;

  /** Subscribes every channel with acknowledged listeners on a fresh connection, then tells the catch-up readers. */
  const resubscribe = async (current: number) => {
    const channels = [...listeners.acknowledged.keys()].map((channel) => prefix + channel);
    for (let attempt = 1; ; attempt++) {
      try {
        for (let i = 0; i < channels.length; i += 1000) await subscriber.subscribe(...channels.slice(i, i + 1000));
        break;
      } catch (error) {
        if (closed || current !== connection) return;
        const delayMs = retryDelayMs(attempt);
        log.warn({ err: error, channels: channels.length, attempt, delayMs }, 'pub/sub resubscription refused; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
      if (closed || current !== connection) return;
    }
    // A newer connection does this again and tells the readers itself.
    if (closed || current !== connection) return;
    for (const listener of reconnectListeners) listener();
  };
  // 'ready' after the first connection means a reconnect: Redis forgot this connection's channels.
  subscriber.on('ready', () => void resubscribe(++connection));
  // Told before anything can arrive on a new connection, so readers know a gap is possible.
  subscriber.on('close', () => {
    if (!closed) for (const listener of lostListeners) listener();
  });

  return {
    kind: 'redis',
    publish: (kind, id, payload) => engine.publish(`${prefix}${kind}:${id}`, payload),
    subscribe: (kind, id, options) => listeners.iterate(`${kind}:${id}`, options?.bufferSize ?? DEFAULT_BUFFER),
    listen: (kind, id, onMessage) => listeners.listen(`${kind}:${id}`, onMessage as (message: unknown) => void),
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => void reconnectListeners.delete(listener);
    },
    onConnectionLost(listener) {
      lostListeners.add(listener);
      return () => void lostListeners.delete(listener);
    },
    listening: (kind) => listeners.ids(kind),
    async healthy() {
      try {
        const [a, b] = await Promise.all([
          withTimeout(publisher.ping(), 1000),
          // A subscribed connection may only PING (with no argument answering "pong" in a list).
          withTimeout(subscriber.status === 'ready' ? Promise.resolve('PONG') : Promise.reject(new Error('down')), 1000),
        ]);
        return a === 'PONG' && b === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      closed = true;
      listeners.close();
      // Not RedisPubSub's close (QUIT), which would wait for a Redis that may be down.
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
