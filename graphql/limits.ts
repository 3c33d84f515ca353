import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context';

/** Query limits, checked while validating, so an abusive operation is refused before it runs. */
export const QUERY_LIMITS = { depth: 10, aliases: 30, directives: 20, tokens: 4000, cost: 20_000 } as const;

/** The stable code each query limit answers with (docs/API.md, decision 0016). */
export const LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
  cost: 'QUERY_TOO_COSTLY',
} as const;

/**
 * graphql-armor's refusal as a GraphQL error with a stable code and HTTP 400. Armor words its
 * refusals "Syntax Error: …" with no code, though none is a syntax error; the prefix goes.
 */
function limitError(refusal: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(refusal.message.replace(/^Syntax Error: /, ''), { extensions: { code, http: { status: 400 } } });
}

/**
 * The four validation limits report their refusal into validation (armor's default throws from
 * inside validate(), which graphql-ws answers by closing the whole socket with 4500): validation
 * then returns the refusal like any other invalid operation, over HTTP and on a socket alike.
 */
function reported(code: string) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, refusal: GraphQLError) => context?.reportError(limitError(refusal, code))],
  };
}

/** graphql-armor's validation rules. Introspection is exempt, so GraphiQL keeps working. */
export function armorPlugins(): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: QUERY_LIMITS.depth, ignoreIntrospection: true, flattenFragments: true, ...reported(LIMIT_CODES.depth) },
    maxAliases: { n: QUERY_LIMITS.aliases, ...reported(LIMIT_CODES.aliases) },
    maxDirectives: { n: QUERY_LIMITS.directives, ...reported(LIMIT_CODES.directives) },
    // The token limit runs in the parser, which has no validation context to report into: the
    // coded error is thrown there instead, and parse errors are already answered per operation.
    maxTokens: {
      n: QUERY_LIMITS.tokens,
      exposeLimits: true,
      onReject: [
        (_context, refusal) => {
          throw limitError(refusal, LIMIT_CODES.tokens);
        },
      ],
    },
    costLimit: { maxCost: QUERY_LIMITS.cost, ignoreIntrospection: true, flattenFragments: true, ...reported(LIMIT_CODES.cost) },
    // Suggestions help people exploring in GraphiQL; the schema is public anyway.
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect().plugins as Plugin[];
}

/**
 * Yoga's CSRF prevention: requests a browser could send cross-site without a preflight (GET, form
 * posts) must carry a custom header. JSON POSTs and GraphiQL are unaffected.
 */
export function csrfPlugin(): Plugin {
  return useCSRFPrevention({ requestHeaders: ['x-graphql-csrf', 'graphql-require-preflight', 'apollo-require-preflight'] }) as Plugin;
}

/**
 * Per-caller rate limits shared by every instance (Redis): per API key, per signed-in user, or per
 * address when anonymous. Over the limit the operation is not executed: RATE_LIMITED with
 * `retryAfterSeconds`, and a Retry-After header on HTTP.
 */
export function rateLimitPlugin(limits: { perMinute: number; anonymousPerMinute: number }): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context;
      const limit = ctx.caller.kind === 'anonymous' ? limits.anonymousPerMinute : limits.perMinute;
      const window = await ctx.runtime.limits.hit(`req:${ctx.caller.kind}:${ctx.caller.id}`, 60_000);
      if (window.count <= limit) return;
      const retryAfterSeconds = Math.max(1, Math.ceil(window.resetInMs / 1000));
      ctx.runtime.metrics.rateLimited.inc({ limit: ctx.caller.kind });
      ctx.setHeader('retry-after', String(retryAfterSeconds));
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`Rate limit of ${limit} requests a minute reached; retry in ${retryAfterSeconds} s.`, {
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
          }),
        ],
      });
    },
  };
}
