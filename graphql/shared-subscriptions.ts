import { createSourceEventStream, execute, GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { maskError } from 'graphql-yoga';
import { isTopic } from '../lib/live/pubsub';
import { log } from '../lib/log';
import type { Context } from './context';

/**
 * Root fields of subscriptions whose results depend only on the operation and its variables, never
 * on who listens: odds and event state are public. Their results are computed once per published
 * message per distinct operation and shared by every subscriber on the instance. Each must
 * subscribe to a pub/sub topic, which SharedResults listens to.
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

/** One message's shared payload for one operation: ready, or being computed with sends waiting for it. */
interface SharedEntry {
  payload: string | null;
  waiting: Array<(payload: string) => void>;
}

const DONE: IteratorReturnResult<never> = { value: undefined as never, done: true };

/**
 * Executes shared subscriptions once per published message and operation, and serialises the
 * result once. Pub/sub hands the same parsed message object to every local listener, so the object
 * keys the cache and the cache empties itself when the message is gone.
 */
export class SharedResults {
  private readonly byMessage = new WeakMap<object, Map<string, SharedEntry>>();
  /** Per operation, the newest message's computation: each waits for the one before, so subscribers get messages in order. */
  private readonly latest = new Map<string, Promise<void>>();

  constructor(
    /** A signed-out context: shared results must not depend on a viewer. */
    private readonly anonymousContext: () => Promise<Context>,
    private readonly options: { isDev: boolean; onExecute?: () => void },
  ) {}

  /**
   * Hands `send` the `next` payload for this message as JSON: at once when it is ready, else when
   * the first subscriber's request to compute it completes.
   */
  deliver(message: object, operation: SharedOperation, send: (payload: string) => void): void {
    const entry = this.entry(message, operation);
    if (entry.payload) send(entry.payload);
    else entry.waiting.push(send);
  }

  private entry(message: object, operation: SharedOperation): SharedEntry {
    let results = this.byMessage.get(message);
    if (!results) this.byMessage.set(message, (results = new Map()));
    const found = results.get(operation.key);
    if (found) return found;
    const entry: SharedEntry = { payload: null, waiting: [] };
    results.set(operation.key, entry);
    const { key } = operation;
    const computed = (this.latest.get(key) ?? Promise.resolve())
      .then(() => this.run(message, operation))
      .then((payload) => {
        entry.payload = payload;
        for (const send of entry.waiting.splice(0)) send(payload);
      })
      .catch((error) => log.error({ err: error }, 'shared subscription delivery failed'));
    this.latest.set(key, computed);
    void computed.finally(() => {
      if (this.latest.get(key) === computed) this.latest.delete(key);
    });
    return entry;
  }

  /** The payload for this message; never rejects (a failure is the payload's error, masked). */
  private async run(message: object, operation: SharedOperation): Promise<string> {
    this.options.onExecute?.();
    try {
      const result = await execute({ ...operation.args, rootValue: message, contextValue: await this.anonymousContext() });
      return JSON.stringify(masked(result, this.options.isDev));
    } catch (error) {
      const failure = error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.', { originalError: error as Error });
      return JSON.stringify(masked({ errors: [failure] }, this.options.isDev));
    }
  }

  /**
   * Subscribes one subscriber: the field's own subscribe resolver runs with the subscriber's
   * context (existence checks, room presence), then each message is sent as the shared bytes with
   * this subscription's id. The returned iterator yields nothing itself: it ends when returned
   * (graphql-ws completing the subscription), which closes the topic's listening.
   *
   * The pub/sub topic is listened to (a callback subscription) rather than read: a message reaches
   * every subscriber in one synchronous pass, with nothing kept per subscriber between messages (an
   * iterator read in a loop leaves a pending promise and suspended frames per subscriber, which
   * outlive young-gen collections and pile up as old-space garbage at high fan-out).
   */
  async subscribe(args: ExecutionArgs, operation: SharedOperation, send: (payload: string) => void): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return masked(source as ExecutionResult, this.options.isDev);
    if (!isTopic(source)) {
      // Every shared field subscribes to a pub/sub topic (see SHARED_SUBSCRIPTION_FIELDS); one that
      // does not is a programming error, reported rather than served some slower way.
      await (source as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
      throw new Error('a shared subscription field must return a pub/sub topic, which can be listened to');
    }
    let active = true;
    const sendWhileActive = (payload: string) => {
      if (active) send(payload);
    };
    const listening = source.listen((message) => this.deliver(message as object, operation, sendWhileActive));
    let finish!: (result: IteratorResult<never>) => void;
    const ended = new Promise<IteratorResult<never>>((resolve) => (finish = resolve));
    const stop = () => {
      active = false;
      listening.close();
      finish(DONE);
    };
    const stream: AsyncIterableIterator<never> = {
      next: () => ended,
      async return() {
        stop();
        return DONE;
      },
      async throw(error?: unknown) {
        stop();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }
}
