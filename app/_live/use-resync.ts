'use client';

import { useEffect, useRef, useState } from 'react';
import { useConnection } from './connection';
import { rereadBehindPushes } from './use-live-subscription';

/**
 * graphql-ws has no "subscribed" acknowledgement, so a re-read waits this long after the socket
 * connects for the subscribe messages sent on it to reach the server first.
 */
const SETTLE_MS = 250;

/**
 * Runs `read` (an HTTP read into the cache) once the socket is connected while the island is
 * mounted, and again after every reconnect: public topics (odds, events) are not replayed, their
 * next message carries the latest state. Returns true while the island is live: connected and
 * read since (the e2e tests wait for it before changing odds; controls that act on a live value
 * are enabled only then).
 */
export function useResyncOnConnect(read: () => Promise<unknown>, options: { skipFirstConnection?: boolean } = {}): boolean {
  const { state, epoch } = useConnection();
  const connected = state === 'connected';
  const [readEpoch, setReadEpoch] = useState(-1);
  const readRef = useRef(read);
  readRef.current = read;

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    // The lobby's server paint is fresh enough for the first connection.
    const skip = options.skipFirstConnection === true && epoch <= 1;
    const timer = setTimeout(() => {
      void (skip ? Promise.resolve() : rereadBehindPushes(() => readRef.current()))
        .catch(() => {
          // A failed re-read leaves the cache as it was; the next push or reconnect fixes it.
        })
        .then(() => {
          if (!cancelled) setReadEpoch(epoch);
        });
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [connected, epoch, options.skipFirstConnection]);

  return connected && readEpoch === epoch;
}
