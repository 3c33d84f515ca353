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

export interface PubSub {
  readonly kind: 'redis' | 'memory';
  publish<K extends TopicKind>(kind: K, id: string, payload: TopicMap[K]): Promise<void>;
  /** Listens to one topic. The iterator ends when returned, and throws SlowConsumerError on overflow. */
  subscribe<K extends TopicKind>(kind: K, id: string, options?: { bufferSize?: number }): AsyncIterableIterator<TopicMap[K]>;
  /**
   * Calls back after the transport reconnected (Redis pub/sub is at-most-once: whatever was
   * published while the connection was down is gone, so readers of durable topics catch up).
   */
  onReconnect(listener: () => void): () => void;
  /** True when messages can flow (Redis answers PING). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

type Listener = (message: unknown) => void;

/**
 * Dispatches messages arriving on channels to local listeners. Each message is parsed once and
 * the same object handed to every listener on this instance.
 */
class Dispatcher {
  private readonly listeners = new Map<string, Set<Listener>>();

  add(channel: string, listener: Listener): boolean {
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** Returns true when the channel has no listeners left. */
  remove(channel: string, listener: Listener): boolean {
    const set = this.listeners.get(channel);
    if (!set) return false;
    set.delete(listener);
    if (set.size === 0) this.listeners.delete(channel);
    return set.size === 0;
  }

  dispatch(channel: string, message: unknown): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    for (const listener of [...set]) {
      // One listener's failure must not keep the message from the others.
      try {
        listener(message);
      } catch (error) {
        log.error({ err: error, channel }, 'pub/sub listener failed');
      }
    }
  }

  channels(): string[] {
    return [...this.listeners.keys()];
  }
}

const DEFAULT_BUFFER = 256;

/**
 * A topic's iterator can instead hand each message to a callback as it arrives, with no queue,
 * promise or result object per message: for fanning one message out to many subscribers on an
 * instance (graphql/shared-subscriptions). After listening, the iterator is only ended (return),
 * never read; onEnd runs once, with the error that ended it if any.
 */
export const LISTEN = Symbol('listen');
export type Listen<T> = (onMessage: (value: T) => void, onEnd: (error?: Error) => void) => void;

/** The iterator's LISTEN, when it has one. */
export function listenerOf<T>(iterator: AsyncIterator<T>): Listen<T> | undefined {
  return (iterator as { [LISTEN]?: Listen<T> })[LISTEN];
}

/**
 * An async iterator fed by push; bounded so a slow reader cannot grow memory without limit. It
 * can also be listened to (LISTEN), which hands values over as they arrive instead.
 */
export function bufferedIterator<T>(
  bufferSize: number,
  attach: (push: (value: T) => void) => () => void,
): AsyncIterableIterator<T> {
  const queue: T[] = [];
  const waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  let done = false;
  let failure: Error | null = null;
  let listener: { onMessage: (value: T) => void; onEnd: (error?: Error) => void } | null = null;

  const finish = () => {
    if (done) return;
    done = true;
    detach();
    for (const w of waiting.splice(0)) {
      if (failure) w.reject(failure);
      else w.resolve({ value: undefined, done: true });
    }
    listener?.onEnd(failure ?? undefined);
  };

  const detach = attach((value) => {
    if (done) return;
    if (listener) return listener.onMessage(value);
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
    [LISTEN](onMessage: (value: T) => void, onEnd: (error?: Error) => void) {
      for (const value of queue.splice(0)) onMessage(value);
      if (done) return onEnd(failure ?? undefined);
      listener = { onMessage, onEnd };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncIterableIterator<T>;
}

/** In-process pub/sub for a single instance (the embedded default). */
export function createMemoryPubSub(): PubSub {
  const dispatcher = new Dispatcher();
  return {
    kind: 'memory',
    async publish(kind, id, payload) {
      // A JSON round trip keeps the memory transport honest: payloads must survive Redis too.
      const message = JSON.parse(JSON.stringify(payload));
      queueMicrotask(() => dispatcher.dispatch(`${kind}:${id}`, message));
    },
    subscribe(kind, id, options) {
      const channel = `${kind}:${id}`;
      return bufferedIterator(options?.bufferSize ?? DEFAULT_BUFFER, (push) => {
        const listener = push as Listener;
        dispatcher.add(channel, listener);
        return () => void dispatcher.remove(channel, listener);
      });
    },
    onReconnect: () => () => {},
    healthy: async () => true,
    close: async () => {},
  };
}

/**
 * Redis pub/sub with separate publishing and subscribing connections. One Redis SUBSCRIBE per
 * channel per instance, however many local subscribers share it.
 */
export async function createRedisPubSub(url: string, prefix: string): Promise<PubSub> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true } as const;
  const publisher = new Redis(url, { ...options, connectionName: 'sportsbook-pub' });
  const subscriber = new Redis(url, { ...options, connectionName: 'sportsbook-sub' });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const dispatcher = new Dispatcher();

  subscriber.on('message', (channel: string, raw: string) => {
    if (!channel.startsWith(prefix)) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    dispatcher.dispatch(channel.slice(prefix.length), message);
  });
  // Silence connection-level errors here; ioredis reconnects by itself and health reports it.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  const reconnectListeners = new Set<() => void>();
  // 'ready' after the first connection means a reconnect; ioredis has re-sent the SUBSCRIBEs.
  subscriber.on('ready', () => reconnectListeners.forEach((listener) => listener()));

  return {
    kind: 'redis',
    async publish(kind, id, payload) {
      await publisher.publish(`${prefix}${kind}:${id}`, JSON.stringify(payload));
    },
    subscribe(kind, id, options) {
      const channel = `${kind}:${id}`;
      return bufferedIterator(options?.bufferSize ?? DEFAULT_BUFFER, (push) => {
        const listener = push as Listener;
        if (dispatcher.add(channel, listener)) void subscriber.subscribe(prefix + channel).catch(() => {});
        return () => {
          if (dispatcher.remove(channel, listener)) void subscriber.unsubscribe(prefix + channel).catch(() => {});
        };
      });
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => void reconnectListeners.delete(listener);
    },
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
