import type { ApolloCache, Reference } from '@apollo/client';
import type { BetStatus } from '../_gql/graphql';

interface StoredConnection {
  edges?: ReadonlyArray<{ cursor?: string; node: Reference }>;
  pageInfo?: unknown;
}

/** The arguments a stored `bets` field was keyed by (`bets:{"statusIn":["PENDING","OPEN"]}`). */
function keyArgs(storeFieldName: string): { status?: BetStatus; statusIn?: BetStatus[] } {
  const brace = storeFieldName.indexOf('{');
  if (brace === -1) return {};
  try {
    return JSON.parse(storeFieldName.slice(brace).replace(/\)$/, '')) as { status?: BetStatus; statusIn?: BetStatus[] };
  } catch {
    return {};
  }
}

/**
 * Keeps the viewer's cached bet lists (My bets' Open and Settled tabs, each a `bets(statusIn:)`
 * connection) in step with a bet that changed: a bet that now belongs to a list and is not in it
 * goes on top (lists are newest first), one that no longer belongs leaves. The bet's own fields
 * are already in `Bet:<id>`, written by the update that brought it.
 */
export function placeInBetLists(cache: ApolloCache, viewerId: string, bet: { id: string; status: BetStatus }): void {
  cache.modify<Record<string, StoredConnection>>({
    id: cache.identify({ __typename: 'Viewer', id: viewerId }),
    fields: {
      bets(existing, { storeFieldName, readField, toReference }) {
        const connection = existing as StoredConnection;
        const args = keyArgs(storeFieldName);
        const statuses = args.statusIn ?? (args.status ? [args.status] : null);
        const belongs = statuses === null || statuses.includes(bet.status);
        const edges = connection.edges ?? [];
        const index = edges.findIndex((edge) => readField('id', edge.node) === bet.id);
        if (belongs && index === -1) {
          const node = toReference({ __typename: 'Bet', id: bet.id });
          if (!node) return connection;
          return { ...connection, edges: [{ __typename: 'BetEdge', cursor: '', node }, ...edges] };
        }
        if (!belongs && index !== -1) return { ...connection, edges: edges.filter((_, i) => i !== index) };
        return connection;
      },
    },
  });
}
