import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { GraphQLError, type ExecutionResult, type GraphQLFieldResolver } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** What every string argument must satisfy, whichever field takes it (decision 0016). */
export const STRING_INPUT_LIMITS = {
  /** Characters in any one string argument or input field. The longest legitimate one is a webhook URL. */
  maxChars: 4096,
} as const;

// C0 controls but tab, line feed and carriage return; DEL; C1 controls. NUL among them is what
// Postgres refuses in text; the others have no place in a name, a filter or a key.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be taken as input, or null when it can. */
export function stringProblem(value: string): string | null {
  if (value.length > STRING_INPUT_LIMITS.maxChars) return `is longer than ${STRING_INPUT_LIMITS.maxChars} characters`;
  if (CONTROL.test(value)) return 'contains a control character';
  // A lone surrogate is not text: it cannot be encoded as UTF-8 and would be stored as U+FFFD.
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (not valid Unicode)';
  return null;
}

/** The first string in an argument value (lists and input objects included) that cannot be taken. */
function firstProblem(value: unknown, path: string): string | null {
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    return problem ? `\`${path}\` ${problem}.` : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const problem = firstProblem(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      const problem = firstProblem(inner, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return null;
}

/** Throws BAD_USER_INPUT when any string in a field's arguments cannot be taken. */
export function assertStringInputs(args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) {
    const problem = firstProblem(value, name);
    if (problem) throw new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

/**
 * Checks the strings of every field's arguments, after GraphQL has coerced them and before the
 * field's resolver (or subscribe) runs: one place for every query, mutation and subscription over
 * HTTP and graphql-ws, shared subscriptions included, so a hostile string is refused with
 * BAD_USER_INPUT and nothing is read or written with it. Fields without arguments are not wrapped.
 */
export class PothosInputGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types['Context'], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent: unknown, args: object, context: Types['Context'], info: Parameters<typeof resolver>[3]) => {
      assertStringInputs(args as Record<string, unknown>);
      return resolver(parent, args, context, info);
    };
  }

  override wrapSubscribe(subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined, fieldConfig: PothosOutputFieldConfig<Types>) {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    return (parent: unknown, args: object, context: Types['Context'], info: Parameters<typeof subscribe>[3]) => {
      assertStringInputs(args as Record<string, unknown>);
      return subscribe(parent, args, context, info);
    };
  }
}

/**
 * A request error (no `data` at all: a variable whose value does not fit its type, `1.5` for an
 * Int or "abc" for Money) with the code BAD_USER_INPUT where graphql-js gives it none, or null
 * when the result needs no change. Field errors always come with `data`, and keep their codes.
 */
function codedRequestErrors(result: ExecutionResult): ExecutionResult | null {
  if (result.data !== undefined || !result.errors?.some((error) => error.extensions?.code === undefined)) return null;
  const errors = result.errors.map((error) =>
    error.extensions?.code !== undefined
      ? error
      : new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } }),
  );
  return { ...result, errors };
}

/** Gives request errors (see codedRequestErrors) the code BAD_USER_INPUT, on HTTP and graphql-ws. */
export function requestErrorCodesPlugin(): Plugin {
  const recode = ({ result, setResult }: { result: unknown; setResult: (result: ExecutionResult) => void }) => {
    if (result === null || typeof result !== 'object' || Symbol.asyncIterator in result) return;
    const coded = codedRequestErrors(result as ExecutionResult);
    if (coded) setResult(coded);
  };
  return {
    onExecute: () => ({ onExecuteDone: recode }),
    onSubscribe: () => ({ onSubscribeResult: recode }),
  };
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      inputGuard: PothosInputGuardPlugin<Types>;
    }
  }
}

const pluginName = 'inputGuard';
SchemaBuilder.registerPlugin(pluginName, PothosInputGuardPlugin);

/** The plugin's name, for the builder's `plugins` list. */
export default pluginName;
