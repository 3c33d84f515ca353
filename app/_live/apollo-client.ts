'use client';

import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { EMPTY } from 'rxjs';
import { connectionEvents } from './connection';

/** First retry waits up to this long; each further retry doubles the ceiling. */
const RETRY_BASE_MS = 500;
/** No retry waits longer than this. */
const RETRY_CAP_MS = 10_000;
/** How often the client pings the server to notice a dead socket. */
const KEEP_ALIVE_MS = 10_000;
/** A ping without a pong within this time means the socket is dead (e.g. a laptop woke up). */
const PONG_TIMEOUT_MS = 5_000;

/**
 * Exponential backoff with full jitter: a uniformly random wait between 0 and
 * min(cap, base x 2^retries), so that thousands of tabs dropped by one server restart do not
 * come back in lockstep.
 */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const ceilingMs = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(retries, 20));
  return Math.floor(random() * ceilingMs);
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

function createSocketClient(): Client {
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const client: Client = createClient({
    url: socketUrl,
    // Connect at once so the connection indicator is truthful before anything subscribes.
    lazy: false,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    // A non-lazy client stops its own loop on a fatal close; subscriptions that restart (see
    // useLiveEvent) reconnect it, so here we only report the state.
    onNonLazyError: () => connectionEvents.lost(),
    on: {
      connecting: () => connectionEvents.connecting(),
      connected: () => connectionEvents.connected(),
      closed: () => {
        clearTimeout(pongTimer);
        connectionEvents.lost();
      },
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        // terminate() reports the socket closed at once and retries; close() would wait for a
        // closing handshake that a dead network never completes.
        pongTimer = setTimeout(() => client.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  return client;
}

let socketClient: Client | undefined;

/**
 * Drops the tab's socket and opens a new one. The server reads the session cookie when a socket
 * connects, so after signing in or out the socket must be replaced for subscriptions to run as the
 * new viewer. Active subscriptions are re-sent on the new socket by graphql-ws itself.
 */
export function reconnectSocket(): void {
  socketClient?.terminate();
}

function createBrowserClient(): ApolloClient {
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  socketClient = createSocketClient();
  const ws = new GraphQLWsLink(socketClient);
  return new ApolloClient({
    link: ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, ws, http),
    cache: new InMemoryCache(),
  });
}

/**
 * The server render of client components never runs operations (effects do not run there), so
 * it gets an inert client: no socket, no shared cache between requests.
 */
function createServerClient(): ApolloClient {
  return new ApolloClient({ link: new ApolloLink(() => EMPTY), cache: new InMemoryCache() });
}

let browserClient: ApolloClient | undefined;

/** One Apollo Client (and one socket) per browser tab; a fresh inert one per server render. */
export function getApolloClient(): ApolloClient {
  if (typeof window === 'undefined') return createServerClient();
  browserClient ??= createBrowserClient();
  return browserClient;
}
