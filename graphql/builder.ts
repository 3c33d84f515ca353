import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { formatMoney, formatOdds, parseMoney, parseOdds, ParseError } from '../lib/money';
import type { Context } from './context';
import InputGuardPlugin from './input-guard';

/** The one schema registry: context, scalars and auth scopes live here; types live beside their domain. */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Money: { Input: bigint; Output: bigint | string };
    Odds: { Input: number; Output: number };
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string };
  };
  AuthScopes: { signedIn: boolean; trader: boolean };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Scope auth wraps outermost, so no other plugin's wrapper runs before the check; the input
  // guard comes next, so no string argument reaches a resolver unchecked (graphql/input-guard.ts);
  // the errors plugin comes before the dataloader plugin, as the errors plugin requires.
  plugins: [ScopeAuthPlugin, InputGuardPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    // A node's `id` is its row's UUID, as partners have always stored it, not an encoded type and
    // key: UUIDs are unique across tables, so node(id:) finds the type itself (graphql/node.ts,
    // decision 0020).
    encodeGlobalID: (_typename, id) => String(id),
    nodeTypeOptions: { name: 'Node', description: 'An object with an id that `node(id:)` finds it by.' },
    // node and nodes are declared in graphql/node.ts, which knows every Node type's loader.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  scopeAuth: {
    // Check scopes when a subscription starts, not only when each event is resolved.
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      signedIn: context.viewer !== null,
      trader: context.viewer?.role === 'TRADER',
    }),
    // Signed out is UNAUTHENTICATED; signed in without the role (or a key without the scope) is
    // FORBIDDEN (the contract's codes).
    unauthorizedError: (_parent, context) => {
      if (context.caller.kind === 'key' && !context.viewer) {
        return new GraphQLError('This API key lacks the `bet` scope needed to act for its account.', { extensions: { code: 'FORBIDDEN' } });
      }
      return context.viewer
        ? new GraphQLError('This operation needs the trader role.', { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError(signedOutMessage(context.credentialProblem), {
            extensions: { code: 'UNAUTHENTICATED', ...(context.credentialProblem ? { reason: context.credentialProblem } : {}) },
          });
    },
  },
});

/** Why a viewer-only operation is refused: no credential, or one that was revoked or has expired. */
function signedOutMessage(problem: Context['credentialProblem']): string {
  if (problem === 'CREDENTIAL_REVOKED') return 'This credential was revoked (API key revoked or signed out); authenticate again.';
  if (problem === 'CREDENTIAL_EXPIRED') return 'This token has expired; sign in again.';
  return 'Sign in first: send Authorization: Bearer <token> (or an API key).';
}

function scalarInput<T>(parse: (text: string) => T, what: string) {
  const parseValue = (value: unknown): T => {
    if (typeof value !== 'string') throw new GraphQLError(`${what} must be a string.`);
    try {
      return parse(value);
    } catch (error) {
      throw new GraphQLError(error instanceof ParseError ? error.message : `Invalid ${what}.`);
    }
  };
  return {
    parseValue,
    parseLiteral(ast: ValueNode): T {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${what} must be a string literal.`);
      return parseValue(ast.value);
    },
  };
}

builder.scalarType('Money', {
  description: 'A decimal string in the account currency with exactly two fraction digits, e.g. "12.50".',
  serialize: (value) => (typeof value === 'bigint' ? formatMoney(value) : formatMoney(BigInt(value))),
  ...scalarInput(parseMoney, 'Money'),
});

builder.scalarType('Odds', {
  description: 'Decimal odds as a string with exactly two fraction digits, at least "1.01", e.g. "2.10".',
  serialize: (value) => formatOdds(value),
  ...scalarInput(parseOdds, 'Odds'),
});

builder.scalarType('DateTime', {
  description: 'An ISO 8601 date and time in UTC, e.g. "2026-11-22T18:30:00.000Z".',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  ...scalarInput((text) => {
    const date = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) throw new ParseError(`"${text.slice(0, 40)}" is not an ISO 8601 date and time.`);
    return date;
  }, 'DateTime'),
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
