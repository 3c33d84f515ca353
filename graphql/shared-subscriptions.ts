import { createSourceEventStream, execute, GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { maskError } from 'graphql-yoga';
import type { Context } from './context';

/**
 * Root fields of subscriptions whose results depend only on the operation and its variables, never
 * on who listens: odds and event state are public. Their results are computed once per published
 * message per distinct operation and shared by every subscriber on the instance.
 */
export const SHARED_SUBSCRIPTION_FIELDS: ReadonlySet<string> = new Set(['oddsChanged', 'eventUpdated']);

/** What identifies a shareable operation: the same key means the same result for the same message. */
export interface SharedOperation {
  key: string;
  args: ExecutionArgs;
}

/**
 * The key of a subscription whose result every subscriber shares, or null when it must run per
 * subscriber: anything but exactly one shareable root field (no fragments or directives at the root).
 */
export function sharedOperationKey(document: DocumentNode, query: string, operationName: string | null | undefined, variables: unknown): string | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'subscription') return null;
  const selections = operation.selectionSet.selections;
  if (selections.length !== 1) return null;
  const [root] = selections;
  if (root.kind !== Kind.FIELD || (root.directives?.length ?? 0) > 0 || !SHARED_SUBSCRIPTION_FIELDS.has(root.name.value)) return null;
  return `${operationName ?? ''}\u0000${query}\u0000${JSON.stringify(variables ?? {})}`;
}

/** Unexpected errors read "Unexpected error." as yoga's masking does on HTTP; GraphQLErrors pass. */
function masked(result: ExecutionResult, isDev: boolean): ExecutionResult {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((error) => maskError(error, 'Unexpected error.', isDev) as GraphQLError) };
}

/**
 * Executes shared subscriptions once per published message and operation, and serialises the
 * result once. Pub/sub hands the same parsed message object to every local listener, so the object
 * keys the cache and the cache empties itself when the message is gone.
 */
export class SharedResults {
  private readonly byMessage = new WeakMap<object, Map<string, Promise<string>>>();

  constructor(
    /** A signed-out context: shared results must not depend on a viewer. */
    private readonly anonymousContext: () => Promise<Context>,
    private readonly options: { isDev: boolean; onExecute?: () => void },
  ) {}

  /** The JSON of the `next` payload for this message, computed by the first subscriber to ask. */
  payloadJson(message: object, operation: SharedOperation): Promise<string> {
    let results = this.byMessage.get(message);
    if (!results) this.byMessage.set(message, (results = new Map()));
    let payload = results.get(operation.key);
    if (!payload) {
      payload = this.run(message, operation);
      results.set(operation.key, payload);
    }
    return payload;
  }

  private async run(message: object, operation: SharedOperation): Promise<string> {
    this.options.onExecute?.();
    const result = await execute({ ...operation.args, rootValue: message, contextValue: await this.anonymousContext() });
    return JSON.stringify(masked(result, this.options.isDev));
  }

  /**
   * Subscribes one subscriber: the field's own subscribe resolver runs with the subscriber's
   * context (existence checks, room presence), then each message is sent as the shared bytes with
   * this subscription's id. The returned iterator yields nothing itself: it ends when the source
   * ends and throws what the source throws, so graphql-ws completes or errors the subscription.
   */
  async subscribe(args: ExecutionArgs, operation: SharedOperation, send: (payloadJson: string) => void): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return masked(source as ExecutionResult, this.options.isDev);
    const iterator = (source as AsyncIterable<object>)[Symbol.asyncIterator]() as AsyncIterator<object>;
    const shared = this;
    const stream: AsyncIterableIterator<never> = {
      async next() {
        for (;;) {
          const step = await iterator.next();
          if (step.done) return { value: undefined as never, done: true };
          send(await shared.payloadJson(step.value, operation));
        }
      },
      async return() {
        await iterator.return?.();
        return { value: undefined as never, done: true };
      },
      async throw(error?: unknown) {
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }
}
