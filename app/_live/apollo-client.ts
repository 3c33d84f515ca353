'use client';

import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { OperationTypeNode } from 'graphql';
import { EMPTY } from 'rxjs';
import { whenSettled } from './after-hydration';
import { createCache } from './apollo-cache';
import { liveLink } from './live-link';
import { createLiveSocket, type LiveSocket } from './live-socket';

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

let socket: LiveSocket | undefined;
let browserClient: ApolloClient | undefined;

/** The tab's live socket; undefined during the server render. */
export function tabSocket(): LiveSocket | undefined {
  return socket;
}

/**
 * Drops the tab's socket and opens a new one. The server reads the session cookie when a socket
 * connects, so after signing in or out the socket must be replaced for subscriptions to run as the
 * new viewer; the live socket resubscribes every operation on the new one.
 */
export function reconnectSocket(): void {
  socket?.reconnect();
}

function createBrowserClient(): ApolloClient {
  // Opened once the subscriptions the page hydrated with are registered (after-hydration.ts).
  socket = createLiveSocket({ url: socketUrl, open: whenSettled });
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  return new ApolloClient({
    link: ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, liveLink(socket), http),
    cache: createCache(),
  });
}

/**
 * The server render of client components never fetches (effects do not run there): it gets an
 * inert client whose cache the page's server data is written into, one per request.
 */
function createServerClient(): ApolloClient {
  return new ApolloClient({ link: new ApolloLink(() => EMPTY), cache: createCache() });
}

/** One Apollo Client (and one socket) per browser tab; a fresh inert one per server render. */
export function getApolloClient(): ApolloClient {
  if (typeof window === 'undefined') return createServerClient();
  browserClient ??= createBrowserClient();
  return browserClient;
}
