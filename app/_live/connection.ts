'use client';

import { useSyncExternalStore } from 'react';
import { tabSocket } from './apollo-client';
import type { LiveSnapshot } from './live-socket';

export type { LiveState as ConnectionState } from './live-socket';

const SERVER_SNAPSHOT: LiveSnapshot = { state: 'connecting', epoch: 0 };
const noop = () => () => {};

/** The tab's live socket: its state and how many times it has connected. The server render sees "connecting". */
export function useConnection(): LiveSnapshot {
  const socket = tabSocket();
  return useSyncExternalStore(
    socket ? socket.onChange : noop,
    () => socket?.snapshot() ?? SERVER_SNAPSHOT,
    () => SERVER_SNAPSHOT,
  );
}
