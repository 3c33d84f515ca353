import { InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import introspection from '../_gql/possible-types';

/**
 * The tab's normalized cache: the live store every view reads. Entities are keyed by `__typename`
 * and `id` (`Selection:<id>`, `Market:<id>`, `Bet:<id>`), so a subscription payload written once
 * reaches every view of it. `possibleTypes` (generated from the schema) lets fragments on the
 * `UserError` interface match the union members that implement it; without it,
 * `... on UserError { code message }` reads back as `{ __typename: "Rejection" }` alone.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: introspection.possibleTypes,
    typePolicies: {
      Query: {
        fields: {
          events: relayStylePagination(['status', 'sport']),
          // A bet or event already in the cache (from a list, a subscription) answers these at once.
          bet: { read: (existing, { args, toReference }) => existing ?? (args?.id ? toReference({ __typename: 'Bet', id: args.id }) : undefined) },
          event: { read: (existing, { args, toReference }) => existing ?? (args?.id ? toReference({ __typename: 'Event', id: args.id }) : undefined) },
        },
      },
      Viewer: { fields: { bets: relayStylePagination(['status', 'statusIn']) } },
      // Lists of objects without ids are replaced whole by newer data.
      Bet: { fields: { legs: { merge: false }, timeline: { merge: false } } },
      Event: { fields: { markets: { merge: false } } },
      Market: { fields: { selections: { merge: false } } },
      Score: { merge: true },
      SelectionStats: { merge: true },
      DepositLimit: { merge: true },
    },
  });
}
