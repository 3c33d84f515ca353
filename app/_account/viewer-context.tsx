'use client';

import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { reconnectSocket } from '../_live/apollo-client';
import { ViewerDocument, type ViewerSummary } from './operations';

interface ViewerContextValue {
  /** The signed-in user as the Apollo cache holds it; null when signed out. */
  viewer: ViewerSummary | null;
  /** Reads the viewer (and so the balance) again over HTTP. */
  refresh(): Promise<void>;
  /** After signIn/signUp: the cookie is set, so the socket must reconnect as the new viewer. */
  signedIn(viewer: ViewerSummary): void;
  /** After signOut: the cookie is gone. */
  signedOut(): void;
}

const ViewerContext = createContext<ViewerContextValue | null>(null);

function writeViewer(client: ApolloClient, viewer: ViewerSummary | null): void {
  client.writeQuery({ query: ViewerDocument, data: { viewer: viewer ? { ...viewer, __typename: 'Viewer' } : null } });
}

function viewerKey(viewer: ViewerSummary | null): string {
  return viewer ? `${viewer.id}:${viewer.balance}` : '';
}

/**
 * Seeds the Apollo cache with the viewer the server rendered (from the session cookie), then
 * serves it from there: deposits write the new balance into the cache through their answer, and
 * `refresh` reads it again after bet updates.
 */
export function ViewerProvider({ initial, children }: { initial: ViewerSummary | null; children: ReactNode }) {
  const client = useApolloClient();
  // Seeded before the children render, so the server render and hydration show the same header.
  useState(() => writeViewer(client, initial));
  const seeded = useRef(viewerKey(initial));
  useEffect(() => {
    // A later server render (router.refresh after signing in, a navigation) brings fresher data.
    const key = viewerKey(initial);
    if (key === seeded.current) return;
    seeded.current = key;
    writeViewer(client, initial);
  }, [client, initial]);

  const { data } = useQuery(ViewerDocument, { fetchPolicy: 'cache-only' });
  const viewer = data?.viewer ?? null;

  const refresh = useCallback(async () => {
    try {
      await client.query({ query: ViewerDocument, fetchPolicy: 'network-only' });
    } catch {
      // The next bet update or page render tries again; the header keeps the last known balance.
    }
  }, [client]);

  const signedIn = useCallback(
    (next: ViewerSummary) => {
      writeViewer(client, next);
      reconnectSocket();
    },
    [client],
  );

  const signedOut = useCallback(() => {
    writeViewer(client, null);
    reconnectSocket();
  }, [client]);

  const value = useMemo<ViewerContextValue>(
    () => ({ viewer, refresh, signedIn, signedOut }),
    [viewer, refresh, signedIn, signedOut],
  );
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

export function useViewer(): ViewerContextValue {
  const value = useContext(ViewerContext);
  if (!value) throw new Error('useViewer must be used inside <ViewerProvider>.');
  return value;
}
