/**
 * Every GraphQL request of a chaos run goes through here and is classified: a typed answer, an
 * internal error (a GraphQL error coded INTERNAL_SERVER_ERROR, or an HTTP 5xx that is not a 503
 * with Retry-After during an outage), a documented 503, no answer (connection refused or reset,
 * as from a killed instance) or a timeout.
 */

export interface GraphqlAnswer {
  status: number;
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export type Verdict = 'answered' | 'internal' | 'unavailable' | 'no-answer' | 'timeout';

export interface InternalError {
  atMs: number;
  phase: string;
  operation: string;
  instance: string;
  status: number;
  message: string;
}

/** What every request came to, by operation, with each internal error kept. */
export class Traffic {
  phase = 'start';
  /** True from a fault until recovery: a 503 with Retry-After is then the documented answer. */
  outage = false;
  /**
   * A documented 503 is also expected until this time (the end of the 5 s recovery budget after a
   * fault is healed), though the probes may have found both instances serving before it.
   */
  outageGraceUntilMs = 0;
  readonly counts = new Map<string, Record<Verdict, number>>();
  readonly internal: InternalError[] = [];
  /** 503s with Retry-After outside an outage (counted as internal errors too). */
  unexpected503 = 0;

  private count(operation: string, verdict: Verdict): void {
    const row = this.counts.get(operation) ?? { answered: 0, internal: 0, unavailable: 0, 'no-answer': 0, timeout: 0 };
    row[verdict] += 1;
    this.counts.set(operation, row);
  }

  total(verdict: Verdict): number {
    let n = 0;
    for (const row of this.counts.values()) n += row[verdict];
    return n;
  }

  /**
   * Records how a subscription ended or an error it carried: INTERNAL_SERVER_ERROR is an internal
   * error like any other answer, SERVICE_UNAVAILABLE the documented outage answer, a closed socket
   * no answer.
   */
  subscriptionError(instance: string, code: string): void {
    const operation = 'betUpdated (subscription)';
    if (code === 'SOCKET_CLOSED') return this.count(operation, 'no-answer');
    if (code === 'SERVICE_UNAVAILABLE') return this.count(operation, 'unavailable');
    if (code !== 'INTERNAL_SERVER_ERROR') return this.count(operation, 'answered');
    this.count(operation, 'internal');
    this.internal.push({ atMs: Date.now(), phase: this.phase, operation, instance, status: 0, message: 'subscription error INTERNAL_SERVER_ERROR' });
  }

  /**
   * Sends one operation to `baseUrl` and returns its answer, or null when there was none (refused,
   * reset, timed out) or it was an outage answer (503); the verdict is recorded under `operation`.
   */
  async gql(instance: { name: string; url: string }, operation: string, query: string, variables: Record<string, unknown>, token?: string, timeoutMs = 15_000): Promise<GraphqlAnswer | null> {
    let response: Response;
    try {
      response = await fetch(`${instance.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      this.count(operation, (error as Error).name === 'TimeoutError' ? 'timeout' : 'no-answer');
      return null;
    }
    let body: Omit<GraphqlAnswer, 'status'> = {};
    try {
      body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
    } catch {
      // A body that is not JSON (a proxy's or Node's own error page) is judged by its status alone.
    }
    const answer: GraphqlAnswer = { status: response.status, ...body };
    const internalCode = answer.errors?.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
    const documented503 = response.status === 503 && response.headers.has('retry-after');
    if (documented503 && (this.outage || Date.now() < this.outageGraceUntilMs) && !internalCode) {
      this.count(operation, 'unavailable');
      return null;
    }
    if (internalCode || response.status >= 500) {
      if (documented503) this.unexpected503 += 1;
      this.count(operation, 'internal');
      this.internal.push({ atMs: Date.now(), phase: this.phase, operation, instance: instance.name, status: response.status, message: internalCode?.message ?? answer.errors?.[0]?.message ?? `HTTP ${response.status}` });
      return null;
    }
    this.count(operation, 'answered');
    return answer;
  }
}
