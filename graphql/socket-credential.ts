import { GraphQLError, type ExecutionResult } from 'graphql';
import type { CredentialProblem } from '../lib/auth/revocations';
import type { Runtime } from '../lib/runtime';
import { signedOutContext, type Context } from './context';

/** The part of a graphql-ws connection's extra state that the credential binding reads and replaces. */
export interface SocketState {
  context?: Context & { memberId: string };
}

/**
 * A graphql-ws socket bound to the credential it connected with, as that credential stands now
 * (docs/decisions/0015). While the token or key holds, the socket acts for its account. When it is
 * revoked on any instance, or the token expires, the socket continues signed out: every later
 * operation runs without a viewer (viewer-only ones answer UNAUTHENTICATED with `reason`), and
 * every subscription started under the credential that is not a shared public one ends with that
 * error. Public shared subscriptions (odds, event state) go on, as they would for anyone.
 */
export interface SocketCredential {
  /** Checks the credential now (the revocation set and the token's expiry); call before each operation. */
  check(): void;
  /** Ends `result` (a subscription's stream) with UNAUTHENTICATED once the credential no longer holds. */
  bind<T>(result: T): T;
  /** Stops watching (the socket closed). */
  close(): void;
}

/** Watches the socket's credential, or returns null when it connected without one. */
export function bindSocketCredential(runtime: Runtime, state: SocketState): SocketCredential | null {
  const credential = state.context?.credential;
  if (!credential) return null;
  let lost: CredentialProblem | null = null;
  const live = new Set<(problem: CredentialProblem) => void>();
  const lose = (problem: CredentialProblem) => {
    if (lost) return;
    lost = problem;
    stop();
    if (state.context) state.context = signedOutContext(state.context, problem);
    for (const end of [...live]) end(problem);
    live.clear();
  };
  const stop = runtime.revocations.watch(credential, lose);
  return {
    check() {
      if (lost) return;
      const problem = runtime.revocations.problem(credential);
      if (problem) lose(problem);
    },
    bind<T>(result: T): T {
      if (!isAsyncIterator(result)) return result;
      const bound = endable(result as unknown as AsyncIterator<ExecutionResult>, live);
      if (lost) bound.end(lost);
      return bound.iterator as T;
    },
    close() {
      stop();
      live.clear();
    },
  };
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterator<unknown>).next === 'function' && Symbol.asyncIterator in value;
}

/** The last result of a subscription whose credential ended: UNAUTHENTICATED and why. */
export function credentialLostResult(problem: CredentialProblem): ExecutionResult {
  const message =
    problem === 'CREDENTIAL_EXPIRED'
      ? 'The token this connection signed in with has expired; this subscription has ended. Sign in again and subscribe on a new connection.'
      : 'The credential this connection used was revoked (API key revoked or signed out); this subscription has ended.';
  return { errors: [new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', reason: problem } })] };
}

/**
 * Wraps a subscription's stream so that it can be ended from outside: a pending (or the next)
 * read yields the UNAUTHENTICATED result, then the stream is done and its source is closed, so
 * graphql-ws sends `next` with the error and then `complete`.
 */
function endable(source: AsyncIterator<ExecutionResult>, live: Set<(problem: CredentialProblem) => void>) {
  let finished = false;
  let finalResult: ExecutionResult | null = null;
  let pending: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
  const end = (problem: CredentialProblem) => {
    if (finished || finalResult) return;
    live.delete(end);
    const result = credentialLostResult(problem);
    if (pending) {
      const resolve = pending;
      pending = null;
      finished = true;
      resolve({ value: result, done: false });
    } else {
      finalResult = result;
    }
    void source.return?.()?.catch(() => {});
  };
  live.add(end);
  const finish = () => {
    finished = true;
    live.delete(end);
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next() {
      if (finalResult) {
        const value = finalResult;
        finalResult = null;
        finished = true;
        return Promise.resolve({ value, done: false });
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        pending = resolve;
        source.next().then(
          (result) => {
            if (pending !== resolve) return;
            pending = null;
            if (result.done) finish();
            resolve(result);
          },
          (error) => {
            if (pending !== resolve) return;
            pending = null;
            finish();
            reject(error);
          },
        );
      });
    },
    async return(value?: unknown) {
      finish();
      await source.return?.(value);
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      finish();
      if (source.throw) return source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return { iterator, end };
}
