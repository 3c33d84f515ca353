'use client';

import type { TypedDocumentNode } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';

/**
 * A page's query, answered from the cache: the server rendered the page from the same document
 * (app/_data/server-query.ts) and hands its result over as `data`, which is written into the
 * cache before the first render reads it, so the server's HTML and the browser's first render
 * agree. From then on subscriptions and re-reads update the cache, and this re-renders.
 */
export function usePrimedQuery<TData, TVars extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVars>, variables: TVars, data: TData): TData {
  const client = useApolloClient();
  const [written, setWritten] = useState<TData | null>(null);
  if (written !== data) {
    // During render, without telling other watchers yet (React forbids updating them mid-render);
    // the effect below tells them.
    client.cache.writeQuery({ query: document, variables: variables as never, data: data as never, broadcast: false });
    setWritten(data);
  }
  useEffect(() => {
    client.cache.writeQuery({ query: document, variables: variables as never, data: data as never });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- written again only when the server sends new data
  }, [client, data]);
  const result = useQuery(document, { variables: variables as never, fetchPolicy: 'cache-only', returnPartialData: true });
  return (result.data as TData | undefined) ?? data;
}
