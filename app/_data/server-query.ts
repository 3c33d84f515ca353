import type { TypedDocumentNode } from '@apollo/client';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { execute, type DocumentNode } from 'graphql';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createContext, type Context } from '../../graphql/context';
import { schema } from '../../graphql/schema';
import { sharedRuntime } from '../../lib/runtime-shared';

/** One GraphQL context per request (the layout, the page and its metadata share its loaders). */
const requestContext = cache(async (): Promise<Context> => {
  const cookie = (await headers()).get('cookie');
  return createContext(sharedRuntime(), { cookie });
});

const withTypenames = new WeakMap<DocumentNode, DocumentNode>();

/**
 * Runs one of the app's generated documents against the schema in this process, as the signed-in
 * user of the request (the session cookie), for a server component's first paint. The result has
 * the shape the browser's cache holds (`__typename` included, as Apollo adds it), so the page
 * hands it to usePrimedQuery. Unexpected errors throw, like any server error.
 */
export async function serverQuery<TData, TVars>(document: TypedDocumentNode<TData, TVars>, ...[variables]: TVars extends Record<string, never> ? [] : [TVars]): Promise<TData> {
  return (await run(document, JSON.stringify(variables ?? {}))) as TData;
}

/** Once per request for a document and its variables (a page and its metadata ask alike). */
const run = cache(async (document: DocumentNode, variablesJson: string): Promise<unknown> => {
  let typed = withTypenames.get(document);
  if (!typed) {
    typed = addTypenameToDocument(document);
    withTypenames.set(document, typed);
  }
  const variableValues = JSON.parse(variablesJson) as Record<string, unknown>;
  const result = await execute({ schema, document: typed, variableValues, contextValue: await requestContext() });
  if (result.errors?.length) throw result.errors[0];
  // graphql-js builds results on null prototypes, which React cannot hand to client components.
  return JSON.parse(JSON.stringify(result.data)) as unknown;
});
