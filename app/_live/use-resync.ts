'use client';

import { useEffect, useRef, useState } from 'react';
import { useConnection } from './connection';

/**
 * graphql-ws has no "subscribed" acknowledgement, so a re-sync waits this long after the socket
 * connects for the subscribe messages sent on it to reach the server first.
 */
const SETTLE_MS = 250;

/**
 * Runs `sync` once the socket is connected while the island is mounted, and again after every
 * reconnect: updates published while the socket was down are not replayed by the server. Returns
 * true once the first sync has finished (the e2e tests wait for it before changing odds).
 */
export function useResyncOnConnect(sync: () => Promise<void>, options: { skipFirstConnection?: boolean } = {}): boolean {
  const { state, epoch } = useConnection();
  const connected = state === 'connected';
  const [ready, setReady] = useState(false);
  const syncRef = useRef(sync);
  syncRef.current = sync;
  const mountEpoch = useRef(epoch);

  useEffect(() => {
    if (!connected) return;
    // The lobby's first paint is fresh enough; it re-syncs only after a reconnect.
    const skip = options.skipFirstConnection && (epoch <= 1 || epoch === mountEpoch.current);
    let cancelled = false;
    const timer = setTimeout(() => {
      const run = skip ? Promise.resolve() : syncRef.current().catch(() => {
        // A failed re-sync leaves the live state as it was; the next update or reconnect fixes it.
      });
      void run.then(() => {
        if (!cancelled) setReady(true);
      });
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [connected, epoch, options.skipFirstConnection]);

  return ready;
}
