import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface ReceivedUpdate {
  cursor: string;
  kind: string;
  betId: string;
  /** The bet's status as delivered with the update. */
  status: string;
}

interface Endpoint {
  name: string;
  url: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BET_UPDATED = `subscription($after: String) { betUpdated(after: $after) { cursor kind bet { id status } } }`;

/**
 * A bettor's `betUpdated` subscription as a partner would keep it: whenever it ends (the socket
 * closes, the server ends it with an error), it subscribes again with the last cursor it received,
 * on its preferred instance if that is up, else on another. Everything received is kept, in order,
 * duplicates included, so the run can compare it with the outbox and the timeline.
 */
export class ResumingSubscriber {
  readonly received: ReceivedUpdate[] = [];
  /** Subscriptions opened, the first included. */
  subscriptions = 0;
  /** Errors the server ended a subscription with, by code. */
  readonly endedWith = new Map<string, number>();
  private endCurrent: () => void = () => {};
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly token: string,
    /** The instance to subscribe on now, or null while none is up. */
    private readonly pick: () => Endpoint | null,
    private readonly onUpdate: (update: ReceivedUpdate) => void = () => {},
    /** Told of every error code a subscription carried or ended with (SOCKET_CLOSED for a dropped socket). */
    private readonly onError: (instance: string, code: string) => void = () => {},
  ) {}

  /** Where the first subscription starts: `viewer.betUpdatesCursor`, read before it. */
  private startCursor: string | null = null;

  get lastCursor(): string | null {
    return this.received.at(-1)?.cursor ?? this.startCursor;
  }

  /**
   * Starts subscribing; resolves once the resume cursor it starts from has been read, so that the
   * bettor acts only after it (everything from then on must arrive; an update committed before
   * the cursor was read is history, not owed to this subscriber).
   */
  start(): Promise<void> {
    let located!: () => void;
    const started = new Promise<void>((resolve) => (located = resolve));
    this.loop = (async () => {
      // As a partner starts: from the viewer's resume cursor, so that a subscription that ends
      // before its first update still resumes without a gap.
      while (!this.stopped && this.startCursor === null) {
        const endpoint = this.pick();
        if (endpoint) this.startCursor = await this.readResumeCursor(endpoint).catch(() => null);
        if (this.startCursor === null) await sleep(200);
      }
      located();
      while (!this.stopped) {
        const endpoint = this.pick();
        if (endpoint) await this.subscribeOnce(endpoint);
        if (!this.stopped) await sleep(200 + Math.random() * 300);
      }
    })().finally(located);
    return started;
  }

  /** Subscribes from the last cursor and resolves when that subscription ends, however it ends. */
  private subscribeOnce(endpoint: Endpoint): Promise<void> {
    this.subscriptions += 1;
    const client = createClient({
      url: `${endpoint.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: true,
      shouldRetry: () => false,
    });
    return new Promise<void>((resolve) => {
      const done = () => {
        void client.dispose();
        resolve();
      };
      this.endCurrent = done;
      client.subscribe<{ betUpdated: { cursor: string; kind: string; bet: { id: string; status: string } } }>(
        { query: BET_UPDATED, variables: { after: this.lastCursor } },
        {
          next: (message) => {
            const update = message.data?.betUpdated;
            if (!update) {
              for (const error of message.errors ?? []) this.note(endpoint.name, (error as { extensions?: { code?: string } }).extensions?.code ?? 'ERROR');
              return;
            }
            const received = { cursor: update.cursor, kind: update.kind, betId: update.bet.id, status: update.bet.status };
            this.received.push(received);
            this.onUpdate(received);
          },
          error: (error) => {
            const code = Array.isArray(error) ? ((error[0] as { extensions?: { code?: string } })?.extensions?.code ?? 'GRAPHQL_ERROR') : 'SOCKET_CLOSED';
            this.note(endpoint.name, code);
            done();
          },
          complete: done,
        },
      );
    });
  }

  private async readResumeCursor(endpoint: Endpoint): Promise<string | null> {
    const response = await fetch(`${endpoint.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query: '{ viewer { betUpdatesCursor } }' }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as { data?: { viewer?: { betUpdatesCursor?: string | null } | null } };
    return body.data?.viewer?.betUpdatesCursor ?? null;
  }

  private note(instance: string, code: string): void {
    this.endedWith.set(code, (this.endedWith.get(code) ?? 0) + 1);
    this.onError(instance, code);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endCurrent();
    await this.loop;
  }
}
