/**
 * One resumable graphql-ws connection and the subscriptions on it, free of React (and usable in
 * Node: partners can copy this file). It owns reconnection instead of leaving it to graphql-ws,
 * because graphql-ws's own retry re-sends each subscription with the variables it started with:
 * a `betUpdated(after:)` resumed that way either loses the gap (no `after`) or repeats it (the
 * cursor of the first subscribe). Here every (re)connection resubscribes each operation with the
 * last cursor it delivered, drops anything at or below that cursor, waits between attempts with
 * exponential backoff and full jitter, and reports a truthful state: a dead network is noticed by
 * a client ping that gets no pong within `pongTimeoutMs`, and in browsers at once by the offline
 * event.
 */
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { compareCursors } from './cursor-order';
import { fullJitterDelayMs } from './full-jitter';

/** Before the first acknowledgement "connecting"; after a drop "reconnecting" until acknowledged again. */
export type LiveState = 'connecting' | 'connected' | 'reconnecting';

export interface LiveSnapshot {
  state: LiveState;
  /** Acknowledged connections so far: 1 after the first, 2 after the first reconnect, and so on. */
  epoch: number;
}

export interface LiveOperation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /**
   * The variable that carries a resume cursor (`after` for `betUpdated`). When set, each payload's
   * root field `cursor` is remembered, every resubscription sends the last one in this variable,
   * and a payload at or below it is dropped.
   */
  cursorVariable?: string;
}

export interface LiveSink {
  next(result: FormattedExecutionResult<Record<string, unknown>, unknown>): void;
  /** The operation failed for good (GraphQL errors from the server, e.g. CURSOR_EXPIRED): it is not resubscribed. */
  error(error: unknown): void;
  complete(): void;
}

export interface LiveSocketOptions {
  url: string | (() => string);
  /** A WebSocket class for Node (the `ws` package); browsers have their own. */
  webSocketImpl?: unknown;
  connectionParams?: Record<string, unknown> | (() => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>);
  /** A ping this long after the last pong (or the connection). */
  pingIntervalMs?: number;
  /** A ping without a pong within this time means the socket is dead. */
  pongTimeoutMs?: number;
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
  /**
   * When to open the first connection: called once with the function that opens it. By default at
   * once; the browser's client opens it after the page has hydrated (after-hydration.ts). The
   * state is "connecting" until then, and subscriptions made before it are started on it.
   */
  open?: (connect: () => void) => void;
}

export interface LiveSocket {
  subscribe(operation: LiveOperation, sink: LiveSink): () => void;
  snapshot(): LiveSnapshot;
  onChange(listener: () => void): () => void;
  /** Drops the socket and connects again at once (e.g. after signing in: the server reads the cookie on connect). */
  reconnect(): void;
  dispose(): void;
}

/** Defaults chosen so a dead network shows within 2 s (a ping 0.7 s after the last pong, 1 s for its pong: at most 1.7 s). */
export const LIVE_DEFAULTS = { pingIntervalMs: 700, pongTimeoutMs: 1000, backoff: { baseMs: 500, capMs: 10_000 } } as const;

interface Registered {
  operation: LiveOperation;
  sink: LiveSink;
  lastCursor: string | null;
  /** Identifies the subscription on the current socket; null while none is running. */
  token: object | null;
  unsubscribe: (() => void) | null;
}

function cursorOf(result: FormattedExecutionResult<Record<string, unknown>, unknown>): string | undefined {
  const root = result.data ? Object.values(result.data)[0] : undefined;
  const cursor = root && typeof root === 'object' ? (root as { cursor?: unknown }).cursor : undefined;
  return typeof cursor === 'string' ? cursor : undefined;
}

/**
 * Disposes a graphql-ws client whose socket is gone: its dispose() awaits the connection attempt,
 * which rejects with the close event when the socket closed before it was acknowledged.
 */
function disposeQuietly(client: Client): void {
  void Promise.resolve(client.dispose()).catch(() => {});
}

function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Opens the connection and keeps it open until disposed. */
export function createLiveSocket(options: LiveSocketOptions): LiveSocket {
  const pingIntervalMs = options.pingIntervalMs ?? LIVE_DEFAULTS.pingIntervalMs;
  const pongTimeoutMs = options.pongTimeoutMs ?? LIVE_DEFAULTS.pongTimeoutMs;
  const backoff = options.backoff ?? LIVE_DEFAULTS.backoff;
  const registered = new Set<Registered>();
  const listeners = new Set<() => void>();
  let snapshot: LiveSnapshot = { state: 'connecting', epoch: 0 };
  let client: Client | null = null;
  let connected = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const publish = (next: LiveSnapshot) => {
    if (next.state === snapshot.state && next.epoch === snapshot.epoch) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };
  const dropped = () => publish({ state: snapshot.epoch === 0 ? 'connecting' : 'reconnecting', epoch: snapshot.epoch });

  function start(entry: Registered) {
    if (!client || !connected) return;
    const token = {};
    entry.token = token;
    const { operation } = entry;
    const cursorVariable = operation.cursorVariable;
    const variables = cursorVariable && entry.lastCursor !== null ? { ...operation.variables, [cursorVariable]: entry.lastCursor } : operation.variables;
    entry.unsubscribe = client.subscribe<Record<string, unknown>, unknown>(
      { query: operation.query, variables, operationName: operation.operationName },
      {
        next: (result) => {
          if (entry.token !== token) return;
          if (cursorVariable) {
            const cursor = cursorOf(result);
            if (cursor !== undefined) {
              const order = entry.lastCursor === null ? 1 : compareCursors(cursor, entry.lastCursor);
              // Already delivered (a replay overlapping what this operation has): exactly once.
              if (order !== null && order <= 0) return;
              entry.lastCursor = cursor;
            }
          }
          entry.sink.next(result);
        },
        error: (error) => {
          if (entry.token !== token) return;
          entry.token = null;
          if (!Array.isArray(error)) {
            // The socket failed under the operation: start over on a new one, from the cursor.
            client?.terminate();
            return;
          }
          registered.delete(entry);
          entry.sink.error(error);
        },
        complete: () => {
          if (entry.token !== token) return;
          entry.token = null;
          registered.delete(entry);
          entry.sink.complete();
        },
      },
    );
  }

  function lost(from: Client) {
    if (client !== from) return;
    clearTimeout(pongTimer);
    client = null;
    connected = false;
    // Callbacks still due from the dead socket are ignored: their tokens no longer match.
    for (const entry of registered) {
      entry.token = null;
      entry.unsubscribe = null;
    }
    disposeQuietly(from);
    dropped();
    if (disposed || browserOffline()) return; // The online event connects again.
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, fullJitterDelayMs(attempt++, backoff, options.random));
  }

  function connect() {
    clearTimeout(retryTimer);
    if (disposed || client) return;
    if (browserOffline()) return dropped();
    // createClient connects at once and may call these handlers before it returns, so they
    // compare against a holder filled in right after.
    const holder: { client: Client | null } = { client: null };
    const current = () => holder.client !== null && client === holder.client;
    const generation = createClient({
      url: options.url,
      webSocketImpl: options.webSocketImpl,
      connectionParams: options.connectionParams,
      // Connect now, so the state is truthful before anything subscribes.
      lazy: false,
      // Reconnection is ours (see the top of this file).
      retryAttempts: 0,
      keepAlive: pingIntervalMs,
      onNonLazyError: () => {
        if (holder.client) lost(holder.client);
      },
      on: {
        connecting: () => {
          if (current()) dropped();
        },
        connected: () => {
          if (!current()) return;
          connected = true;
          attempt = 0;
          publish({ state: 'connected', epoch: snapshot.epoch + 1 });
          for (const entry of registered) start(entry);
        },
        closed: () => {
          if (holder.client) lost(holder.client);
        },
        ping: (received) => {
          if (received || !current()) return;
          clearTimeout(pongTimer);
          // terminate() reports the socket closed at once; close() would wait for a closing
          // handshake that a dead network never completes.
          pongTimer = setTimeout(() => holder.client?.terminate(), pongTimeoutMs);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
      },
    });
    holder.client = generation;
    client = generation;
  }

  const onOffline = () => client?.terminate();
  const onOnline = () => {
    attempt = 0;
    connect();
  };
  const watchNetwork = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
  if (watchNetwork) {
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
  }
  if (options.open) options.open(connect);
  else connect();

  return {
    subscribe(operation, sink) {
      const initial = operation.cursorVariable ? operation.variables?.[operation.cursorVariable] : undefined;
      const entry: Registered = { operation, sink, lastCursor: typeof initial === 'string' ? initial : null, token: null, unsubscribe: null };
      registered.add(entry);
      start(entry);
      return () => {
        registered.delete(entry);
        entry.token = null;
        entry.unsubscribe?.();
        entry.unsubscribe = null;
      };
    },
    snapshot: () => snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect() {
      if (client) client.terminate();
      else onOnline();
    },
    dispose() {
      disposed = true;
      clearTimeout(retryTimer);
      clearTimeout(pongTimer);
      if (watchNetwork) {
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('online', onOnline);
      }
      const last = client;
      client = null;
      for (const entry of registered) entry.token = null;
      registered.clear();
      if (last) disposeQuietly(last);
    },
  };
}
