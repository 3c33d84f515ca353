'use client';

import type { ApolloClient, TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { getOperationName } from '@apollo/client/utilities/internal';
import { useEffect, useRef } from 'react';
import { afterHydration } from './after-hydration';

interface Listener<TData> {
  data(data: TData): void;
  ended(error: unknown): void;
}

interface Shared {
  listeners: Set<Listener<unknown>>;
  stop(): void;
}

/** One subscription per operation and variables in the tab, however many islands want it. */
const shared = new Map<string, Shared>();

/** Payloads that arrived while a re-read was in flight, written again once it has landed. */
let rereadsInFlight = 0;
let heldWrites: Array<() => void> = [];

/**
 * Runs `read` (an HTTP read that writes into the cache) so that it cannot undo newer pushes: a
 * payload that arrives while it is in flight may be newer than what the read returns, so such
 * payloads are written again after it.
 */
export async function rereadBehindPushes(read: () => Promise<unknown>): Promise<void> {
  rereadsInFlight += 1;
  try {
    await read();
  } finally {
    rereadsInFlight -= 1;
    if (rereadsInFlight === 0) {
      const writes = heldWrites;
      heldWrites = [];
      for (const write of writes) write();
    }
  }
}

function retain<TData, TVars>(client: ApolloClient, document: TypedDocumentNode<TData, TVars>, variables: TVars, listener: Listener<TData>): () => void {
  const key = `${getOperationName(document, '')}:${JSON.stringify(variables)}`;
  let entry = shared.get(key);
  if (!entry) {
    const listeners = new Set<Listener<unknown>>();
    const end = (error: unknown) => {
      if (shared.get(key) === created) shared.delete(key);
      for (const l of [...listeners]) l.ended(error);
    };
    // Apollo writes each payload into the normalized cache (once: the subscription is shared).
    let subscription: { unsubscribe(): void } | undefined;
    // Started in a task of its own once the page has hydrated (after-hydration.ts).
    const cancel = afterHydration(() => {
      subscription = client.subscribe({ query: document, variables: variables as never }).subscribe({
      next: (result) => {
        if (result.error) return end(result.error);
        const data = result.data as TData | undefined;
        if (!data) return;
        if (rereadsInFlight > 0) heldWrites.push(() => client.cache.writeQuery({ query: document, variables: variables as never, data: data as never }));
        for (const l of [...listeners]) l.data(data);
      },
        error: (error) => end(error),
        complete: () => end(null),
      });
    });
    const created: Shared = {
      listeners,
      stop: () => {
        cancel();
        subscription?.unsubscribe();
      },
    };
    entry = created;
    shared.set(key, created);
  }
  const current = entry;
  current.listeners.add(listener as Listener<unknown>);
  return () => {
    current.listeners.delete(listener as Listener<unknown>);
    if (current.listeners.size === 0) {
      current.stop();
      if (shared.get(key) === current) shared.delete(key);
    }
  };
}

/**
 * Keeps a subscription running while the component is mounted. Its payloads land in the cache
 * (the views that read those entities re-render); `onData` is for side effects such as a toast.
 * Reconnects and resumption are the live socket's (live-socket.ts); `onEnded` hears only a
 * subscription the server ended (an error such as CURSOR_EXPIRED, or completion).
 */
export function useLiveSubscription<TData, TVars>(
  document: TypedDocumentNode<TData, TVars>,
  options: {
    variables: TVars;
    skip?: boolean;
    /**
     * A change subscribes afresh (the server then sends what it sends on subscribing, such as a
     * fresh cashout value after the stake changed). The subscription is shared by operation and
     * variables, so this restarts it only if no other island holds it.
     */
    restartKey?: string | number;
    onData?: (data: TData) => void;
    onEnded?: (error: unknown) => void;
  },
): void {
  const client = useApolloClient();
  const latest = useRef(options);
  latest.current = options;
  const variablesKey = JSON.stringify(options.variables);
  const skip = options.skip ?? false;
  const restartKey = options.restartKey ?? 0;
  useEffect(() => {
    if (skip) return;
    return retain(client, document, JSON.parse(variablesKey) as TVars, {
      data: (data) => latest.current.onData?.(data),
      ended: (error) => latest.current.onEnded?.(error),
    });
  }, [client, document, variablesKey, skip, restartKey]);
}
