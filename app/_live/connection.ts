import { useSyncExternalStore } from 'react';

/** How the tab's one graphql-ws socket is doing. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionSnapshot {
  state: ConnectionState;
  /**
   * Counts acknowledged connections since the tab loaded: 1 after the first, 2 after the first
   * reconnect, and so on. Islands re-sync when it changes, because updates published while the
   * socket was down are not replayed.
   */
  epoch: number;
}

const SERVER_SNAPSHOT: ConnectionSnapshot = { state: 'connecting', epoch: 0 };

let snapshot: ConnectionSnapshot = SERVER_SNAPSHOT;
const listeners = new Set<() => void>();

function publish(next: ConnectionSnapshot): void {
  if (next.state === snapshot.state && next.epoch === snapshot.epoch) return;
  snapshot = next;
  for (const listener of [...listeners]) listener();
}

/** Called by the socket's event handlers. */
export const connectionEvents = {
  connecting(): void {
    publish({ state: snapshot.epoch === 0 ? 'connecting' : 'reconnecting', epoch: snapshot.epoch });
  },
  connected(): void {
    publish({ state: 'connected', epoch: snapshot.epoch + 1 });
  },
  lost(): void {
    // Until the first acknowledgement we are still "connecting"; afterwards a drop is a reconnect.
    publish({ state: snapshot.epoch === 0 ? 'connecting' : 'reconnecting', epoch: snapshot.epoch });
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The socket's state; the server render always sees "connecting". */
export function useConnection(): ConnectionSnapshot {
  return useSyncExternalStore(subscribe, () => snapshot, () => SERVER_SNAPSHOT);
}
