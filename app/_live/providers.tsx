'use client';

import { ApolloProvider } from '@apollo/client/react';
import { useState, type ReactNode } from 'react';
import { getApolloClient } from './apollo-client';

/** Makes the tab's Apollo Client available to every client island. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(getApolloClient);
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}
