import { GraphQLError } from 'graphql';
import type { Result } from '../lib/result';
import { builder } from './builder';

/**
 * A business rejection: a code from the closed list documented on each union, and a sentence.
 * Resolvers return it (or throw it) from a field whose type is a result union declared with
 * `builder.errorUnion`; the errors plugin answers it as the union member registered for its class.
 */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** RATE_LIMITED only: when the limit lets the caller in again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

export const UserErrorRef = builder.interfaceRef<{ code: string; message: string }>('UserError').implement({
  description: 'A rejection the client can act on. `code` is one of the codes documented on each union.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(Rejection, {
  name: 'Rejection',
  description: `Codes: INVALID_INPUT, USERNAME_TAKEN, INVALID_CREDENTIALS, RATE_LIMITED, LIMIT_EXCEEDED,
INSUFFICIENT_FUNDS, ODDS_CHANGED, MARKET_SUSPENDED, MARKET_CLOSED, STAKE_TOO_LOW, STAKE_TOO_HIGH,
INVALID_BET, IDEMPOTENCY_CONFLICT, NOT_FOUND, CASHOUT_UNAVAILABLE, CASHOUT_TOO_SMALL, OFFER_EXPIRED, PRICE_CHANGED, TARGET_TOO_HIGH.`,
  interfaces: [UserErrorRef],
  fields: (t) => ({
    retryAfterSeconds: t.int({
      nullable: true,
      description: 'Set with RATE_LIMITED: whole seconds until the limit lets you in again.',
      resolve: (r) => (r.retryAfterMs === undefined ? null : Math.max(1, Math.ceil(r.retryAfterMs / 1000))),
    }),
  }),
});

/** A rejection value for a result union; RATE_LIMITED also says when to retry. */
export function rejection(code: string, message: string, retryAfterMs?: number): Rejection {
  return new Rejection(code, message, retryAfterMs);
}

// Codes from the domain that map to GraphQL's conventional codes for non-union fields.
const ERROR_CODES: Record<string, string> = { INVALID_INPUT: 'BAD_USER_INPUT' };

/**
 * Unwraps a domain result for a field whose contract type is not a union (the trader mutations):
 * a rejection becomes a GraphQL error whose extensions.code names it.
 */
export function unwrapOrThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new GraphQLError(result.message, { extensions: { code: ERROR_CODES[result.code] ?? result.code } });
}
