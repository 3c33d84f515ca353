import { graphqlErrorCode } from '../_live/graphql-errors';

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** What to tell the bettor when a challenge action failed without an answer. */
export function challengeFailure(error: unknown): string {
  return graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR;
}
