import { graphqlErrorCode } from '../_live/graphql-errors';

export interface Notice {
  kind: 'success' | 'error';
  text: string;
}

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** What to tell the reader when an operation failed outside its result union. */
export function failureText(error: unknown): string {
  const code = graphqlErrorCode(error);
  if (code === 'UNAUTHENTICATED') return 'Your session has ended. Sign in again.';
  if (code === 'RATE_LIMITED') return 'Too many requests. Wait a moment and try again.';
  return code === null ? NETWORK_ERROR : 'Something went wrong. Try again.';
}
