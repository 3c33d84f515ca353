'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import { useResyncOnConnect } from '../_live/use-resync';

/**
 * Live rows follow their own events, but the lobby's list itself (events starting, finishing or
 * being added) comes from the server. This re-renders it there once a minute while the tab is
 * visible.
 */
const LIST_REFRESH_MS = 60_000;

/**
 * Asks the server to render the lobby again after a reconnect (prices may have moved while the
 * socket was down) and every minute for the list itself. Renders only a marker that the e2e tests
 * wait on.
 */
export function LobbyResync() {
  const router = useRouter();
  const sync = useCallback(async () => router.refresh(), [router]);
  const ready = useResyncOnConnect(sync, { skipFirstConnection: true });

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);

  return <span hidden data-testid="lobby-live-ready" data-ready={ready ? 'true' : 'false'} />;
}
