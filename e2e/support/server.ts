import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../graphql/start-server';
import { testEnv } from './services';

/** Starts a real server instance on port 0 against the given database, real Redis, feed off. */
export async function startTestServer(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  next?: boolean;
}): Promise<RunningServer> {
  return startServer(testEnv(options.databaseUrl, options.env), { next: options.next ?? false, dev: false });
}

export interface GraphqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** Sends one GraphQL operation over HTTP, as a partner would. */
export async function gql<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Signs in as the configured test trader and returns the token. */
export async function traderToken(baseUrl: string): Promise<string> {
  const result = await gql(baseUrl, `mutation { signIn(username: "trader", password: "trader-password") { __typename ... on AuthPayload { token } ... on Rejection { code } } }`);
  const token = result.data?.signIn?.token;
  if (!token) throw new Error(`trader sign-in failed: ${JSON.stringify(result)}`);
  return token;
}

/** A graphql-ws client over a real socket; close it with dispose(). */
export function wsClient(baseUrl: string, options: { token?: string; retryAttempts?: number } = {}): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
  });
}

/** Collects a subscription's messages so a test can wait for the ones it expects. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const messages: Array<{ data?: T; errors?: unknown[] }> = [];
  let error: unknown = null;
  let completed = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (message) => {
        messages.push(message as { data?: T; errors?: unknown[] });
        wake();
      },
      error: (e) => {
        error = e;
        wake();
      },
      complete: () => {
        completed = true;
        wake();
      },
    },
  );
  return {
    messages,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    dispose,
    /** Resolves when the predicate holds over the messages so far; rejects after timeoutMs. */
    async until(predicate: (messages: Array<{ data?: T; errors?: unknown[] }>) => boolean, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (error || completed) throw new Error(`subscription ended: ${JSON.stringify(error ?? 'completed')} after ${JSON.stringify(messages)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting; got ${JSON.stringify(messages).slice(0, 2000)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
    },
    /** Resolves when the subscription ends (error or complete). */
    async ended(timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!error && !completed) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('subscription did not end');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
    },
  };
}

/** A small live football event created through the trader API (or one with the given markets), with its ids. */
export async function createLiveEvent(baseUrl: string, token: string, home = 'Northbridge', away = 'Eastvale', markets?: Array<{ name: string; selections: Array<{ name: string; odds: string }> }>) {
  const result = await gql(
    baseUrl,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id name status markets { id name status selections { id name odds } } } }`,
    {
      input: {
        sport: 'Football',
        home,
        away,
        startsAt: new Date().toISOString(),
        live: true,
        markets: markets ?? [
          { name: 'Match result', selections: [{ name: home, odds: '2.10' }, { name: 'Draw', odds: '3.20' }, { name: away, odds: '3.60' }] },
          { name: 'Total goals over/under 2.5', selections: [{ name: 'Over 2.5', odds: '1.90' }, { name: 'Under 2.5', odds: '1.90' }] },
        ],
      },
    },
    token,
  );
  const event = result.data?.createEvent;
  if (!event) throw new Error(`createEvent failed: ${JSON.stringify(result)}`);
  return event as {
    id: string;
    name: string;
    markets: Array<{ id: string; name: string; status: string; selections: Array<{ id: string; name: string; odds: string }> }>;
  };
}

let userCounter = 0;

/** The password of every bettor signUpBettor makes. */
export const BETTOR_PASSWORD = 'password123';

/**
 * The one way tests make a bettor through the API: signs up a fresh one (password
 * BETTOR_PASSWORD) and, unless `deposit` is '0', funds the wallet with one idempotent deposit
 * (100.00 by default). Usernames are unique per run.
 */
export async function signUpBettor(
  baseUrl: string,
  options: { deposit?: string; prefix?: string } = {},
): Promise<{ token: string; username: string; password: string }> {
  const username = `${options.prefix ?? 'user'}${++userCounter}_${Date.now() % 100000}`;
  const result = await gql(baseUrl, `mutation($u: String!, $p: String!) { signUp(username: $u, password: $p) { ... on AuthPayload { token } ... on Rejection { code message } } }`, {
    u: username,
    p: BETTOR_PASSWORD,
  });
  const token = result.data?.signUp?.token;
  if (!token) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  const deposit = options.deposit ?? '100.00';
  if (deposit !== '0') {
    const funded = await gql(baseUrl, `mutation($a: Money!) { deposit(amount: $a, idempotencyKey: "seed") { __typename } }`, { a: deposit }, token);
    if (funded.data?.deposit?.__typename !== 'Deposited') throw new Error(`deposit failed: ${JSON.stringify(funded)}`);
  }
  return { token, username, password: BETTOR_PASSWORD };
}

/** Sets a selection's odds as the trader and checks the change took. */
export async function traderSetOdds(baseUrl: string, trader: string, selectionId: string, odds: string): Promise<void> {
  const result = await gql(baseUrl, `mutation($id: ID!, $odds: Odds!) { setOdds(selectionId: $id, odds: $odds) { id odds } }`, { id: selectionId, odds }, trader);
  if (result.data?.setOdds?.odds !== odds) throw new Error(`setOdds failed: ${JSON.stringify(result)}`);
}

/** Opens or suspends a market as the trader and checks the change took. */
export async function traderSetMarketStatus(baseUrl: string, trader: string, marketId: string, status: 'OPEN' | 'SUSPENDED'): Promise<void> {
  const result = await gql(baseUrl, `mutation($id: ID!, $status: MarketStatus!) { setMarketStatus(marketId: $id, status: $status) { id status } }`, { id: marketId, status }, trader);
  if (result.data?.setMarketStatus?.status !== status) throw new Error(`setMarketStatus failed: ${JSON.stringify(result)}`);
}
