import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * The `extensions.code` of the first GraphQL error in a failed operation (UNAUTHENTICATED,
 * BAD_USER_INPUT, ...), or null when the failure was not a GraphQL error (the network, a 5xx).
 */
export function graphqlErrorCode(error: unknown): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'GRAPHQL_ERROR';
}
