'use client';

import { ApolloProvider } from '@apollo/client/react';
import { useState, type ReactNode } from 'react';
import type { ViewerSummary } from '../_account/operations';
import { ViewerProvider } from '../_account/viewer-context';
import { BetEventsProvider } from '../_bets/bet-events';
import { SlipProvider } from '../_slip/slip-context';
import { ToastProvider } from '../_toasts/toasts';
import { getApolloClient } from './apollo-client';

/**
 * Makes the tab's Apollo Client available to every client island, with the signed-in viewer (the
 * server read it from the session cookie), toasts, the viewer's bet updates and the bet slip.
 */
export function Providers({ viewer, betUpdatesCursor, children }: { viewer: ViewerSummary | null; betUpdatesCursor: string | null; children: ReactNode }) {
  const [client] = useState(getApolloClient);
  return (
    <ApolloProvider client={client}>
      <ViewerProvider initial={viewer}>
        <ToastProvider>
          <BetEventsProvider initialCursor={betUpdatesCursor}>
            <SlipProvider>{children}</SlipProvider>
          </BetEventsProvider>
        </ToastProvider>
      </ViewerProvider>
    </ApolloProvider>
  );
}
