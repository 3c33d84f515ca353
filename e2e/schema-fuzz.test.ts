/**
 * Schema fuzz: every argument of every field (queries, mutations and subscriptions, root fields and
 * the fields of objects reachable from the root), over HTTP and over graphql-ws, is sent hostile
 * strings (control characters, NUL, lone surrogates, very long strings, RTL and zero-width marks,
 * SQL-ish text), hostile numbers (huge, negative, fractional, exponent forms) and hostile ids, as a
 * signed-in bettor (a trader for the trader mutations). Any answer may refuse, in any typed way; none
 * may be a masked internal error, an HTTP 5xx, a closed socket or no answer at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningServer } from '../graphql/start-server';
import { createTestDatabase, type TestDatabase } from './support/services';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from './support/server';

const ONE_MB = 'x'.repeat(1_000_000);

/** Strings for String and ID arguments and string fields of inputs. */
const HOSTILE_STRINGS: string[] = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  'name\u0085\u009b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c\u2066\u2069',
  '\u200b\u200c\u200d\ufeff',
  'مرحبا\u200f',
  "'; drop table bets; --",
  "1' or '1'='1",
  '%00%27',
  '\\',
  '${jndi:ldap://x}',
  '',
  '   ',
  '😀'.repeat(3000),
  ONE_MB,
  '-1',
  '99999999999999999999999999',
  '1e308',
  'NaN',
  '１２',
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-00000000000\u0000',
];

/** Numbers for Int arguments: as JSON variables. */
const HOSTILE_INTS: unknown[] = [2_147_483_648, -2_147_483_649, 9_007_199_254_740_993, 1e20, -1, 0, -2_147_483_648, 2_147_483_647, 1.5, -0.5, 1e3, 1e-7, '12', null];
/** Number literals in the query text, where exponent forms stay exponent forms. */
const HOSTILE_INT_LITERALS = ['1e3', '-0', '2147483648', '-2147483649', '99999999999999999999', '0.5', '1E-2', '0x10'];
/** Strings for the decimal scalars (Money, Odds) besides the hostile strings. */
const HOSTILE_DECIMALS = ['1e3', '-1.00', '0.00', '0.001', '99999999999999999999.99', '92233720368547758.07', '92233720368547758.08', '1.5', '+1.00', ' 1.00', '1,00', '1000000.01', '0.01'];
const HOSTILE_DATES = ['9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2026-13-45T99:99:99Z', '2026-01-01T00:00:00+99:00', '1970-01-01T00:00:00.000Z'];

/** Mutations only a trader may call: fuzzed as the trader, so they reach the code behind the check. */
const TRADER_MUTATIONS = new Set(['createEvent', 'setOdds', 'setMarketStatus', 'settleMarket', 'unsettleMarket']);

interface Probe {
  /** Which argument (and input field) carries the hostile value, for the failure message. */
  target: string;
  operation: 'query' | 'mutation' | 'subscription';
  query: string;
  variables: Record<string, unknown>;
  token: string;
}

interface Failure {
  transport: 'http' | 'ws';
  target: string;
  value: string;
  problem: string;
}

let database: TestDatabase;
let server: RunningServer;
let trader: string;
let bettor: string;
/** Valid ids and values the fuzz starts from, so that hostile values reach the code behind the lookups. */
const known: Record<string, string> = {};

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({
    databaseUrl: database.url,
    env: {
      REDIS_PREFIX: `sbtest:fuzz:${Date.now().toString(36)}:`,
      BET_RATE_PER_MINUTE: '100000',
      CASHOUT_REQUESTS_PER_MINUTE: '100000',
      CASHOUT_REQUESTS_PER_BET_PER_MINUTE: '100000',
      DEPOSITS_PER_MINUTE: '100000',
      WEBHOOK_ALLOW_LOOPBACK: 'on',
      // The probes run 6 (HTTP) and 24 (socket) at a time; a small pool leaves the shared
      // Postgres's connections to the other suites.
      DATABASE_POOL_SIZE: '8',
      // Few password checks (scrypt, about 0.5 s each on a loaded machine): the rest of the
      // sign-in probes are refused by the failure limit at once, which is an answer too.
      SIGNIN_FAILURES_PER_ADDRESS: '5',
      SIGNIN_FAILURES_PER_USERNAME: '3',
    },
  });
  trader = await traderToken(server.url);
  bettor = (await signUpBettor(server.url, { prefix: 'fuzz', deposit: '500.00' })).token;
  const event = await createLiveEvent(server.url, trader, 'Fuzzhaven', 'Probeton');
  known.eventId = event.id;
  known.marketId = event.markets[0].id;
  known.selectionId = event.markets[0].selections[0].id;
  const placed = await gql(
    server.url,
    `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "5.00", idempotencyKey: "fuzz-seed", oddsChangePolicy: ANY }) { ... on BetPlaced { bet { id } } ... on Rejection { code message } } }`,
    { s: known.selectionId },
    bettor,
  );
  known.betId = placed.data.placeBet.bet.id;
  const webhook = await gql(server.url, `mutation { registerWebhook(url: "http://127.0.0.1:9/fuzz") { __typename ... on WebhookCreated { webhook { id } } ... on Rejection { code message } } }`, {}, bettor);
  known.webhookId = webhook.data?.registerWebhook?.webhook?.id ?? '00000000-0000-0000-0000-000000000000';
  const key = await gql(server.url, `mutation { createApiKey(name: "fuzz", scopes: [READ]) { __typename ... on ApiKeyCreated { apiKey { id } } } }`, {}, bettor);
  known.apiKeyId = key.data?.createApiKey?.apiKey?.id ?? '00000000-0000-0000-0000-000000000000';
});

after(async () => {
  await server?.close();
  await database?.drop();
});

/** A valid value for an argument or input field the fuzz is not aiming at (null: leave it out). */
function baseline(name: string, type: GraphQLInputType, fieldName: string): unknown {
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  if (isListType(inner)) {
    const element = baseline(name, inner.ofType as GraphQLInputType, fieldName);
    if (element === null || element === undefined) return required ? [] : null;
    // Markets need two selections, and settlement a result per selection: two of each is plenty.
    return isInputObjectType(getNamedType(inner)) ? [element, baseline(`${name}#2`, inner.ofType as GraphQLInputType, fieldName)] : [element];
  }
  if (!required && !['legs', 'markets', 'selections', 'results', 'scopes'].includes(name)) return null;
  const named = getNamedType(inner);
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      const v = baseline(name.endsWith('#2') ? `${field.name}#2` : field.name, field.type, fieldName);
      if (v !== null && v !== undefined) value[field.name] = v;
    }
    return value;
  }
  if (isEnumType(named)) return named.getValues()[0].value;
  const second = name.endsWith('#2');
  const bare = name.replace('#2', '');
  switch (named.name) {
    case 'ID':
      if (bare === 'selectionId') return second ? known.eventId : known.selectionId;
      if (bare === 'eventId') return known.eventId;
      if (bare === 'marketId') return known.marketId;
      if (bare === 'betId' || (bare === 'id' && fieldName === 'bet')) return known.betId;
      if (bare === 'id' && fieldName === 'revokeApiKey') return known.apiKeyId;
      if (bare === 'id' && fieldName === 'deleteWebhook') return known.webhookId;
      if (bare === 'ids' || bare === 'id') return known.eventId;
      return '00000000-0000-0000-0000-000000000000';
    case 'String':
      return { username: 'fuzzer', password: 'password123', url: 'http://127.0.0.1:9/fuzz', text: 'hello', idempotencyKey: 'fuzz-key', sport: 'Football', home: 'Home', away: 'Away' }[bare] ?? (second ? 'Second' : 'First');
    case 'Int':
      return 1;
    case 'Boolean':
      return false;
    case 'Money':
      return '1.00';
    case 'Odds':
      return '2.00';
    case 'DateTime':
      return new Date(Date.now() + 3_600_000).toISOString();
    default:
      return null;
  }
}

/** The hostile values for one leaf type. */
function hostileValues(type: GraphQLInputType): unknown[] {
  const named = getNamedType(type);
  let values: unknown[];
  if (isEnumType(named)) values = ['\u0000', 'NOT_A_VALUE', 'x'.repeat(5000)];
  else if (named.name === 'Int' || named.name === 'Float') values = HOSTILE_INTS;
  else if (named.name === 'Boolean') values = ['true', 1];
  else if (named.name === 'Money' || named.name === 'Odds') values = [...HOSTILE_STRINGS, ...HOSTILE_DECIMALS, 12.5];
  else if (named.name === 'DateTime') values = [...HOSTILE_STRINGS, ...HOSTILE_DATES, 0];
  else values = [...HOSTILE_STRINGS, 12, -1];
  // A list argument gets each value as its one element, and a bare value too.
  const nonNull = isNonNullType(type) ? type.ofType : type;
  return isListType(nonNull) ? [...values.map((v) => [v]), values[0]] : values;
}

/** Paths from the root to each object type, as selections to open around a field (breadth first, shortest). */
function objectPaths(schema: GraphQLSchema): Map<string, Array<{ field: GraphQLField<unknown, unknown>; parent: string }>> {
  const paths = new Map<string, Array<{ field: GraphQLField<unknown, unknown>; parent: string }>>([['Query', []]]);
  const queue: GraphQLObjectType[] = [schema.getQueryType()!];
  while (queue.length > 0) {
    const type = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || paths.has(target.name)) continue;
      // Only through fields whose required arguments have a known value.
      if (field.args.some((a) => isNonNullType(a.type) && (baseline(a.name, a.type, field.name) ?? null) === null)) continue;
      paths.set(target.name, [...paths.get(type.name)!, { field, parent: type.name }]);
      queue.push(target);
    }
  }
  return paths;
}

function typeString(type: GraphQLInputType): string {
  return type.toString();
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
}

/** Every probe: one per (field, argument or input field, hostile value). */
function probes(schema: GraphQLSchema): Probe[] {
  const paths = objectPaths(schema);
  const all: Probe[] = [];
  const roots: Array<['query' | 'mutation' | 'subscription', GraphQLObjectType]> = [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
    ['subscription', schema.getSubscriptionType()!],
  ];
  const types: Array<{ operation: 'query' | 'mutation' | 'subscription'; type: GraphQLObjectType; path: Array<{ field: GraphQLField<unknown, unknown>; parent: string }> }> = [];
  for (const [operation, type] of roots) types.push({ operation, type, path: [] });
  for (const [name, path] of paths) if (name !== 'Query' && path.length > 0) types.push({ operation: 'query', type: schema.getType(name) as GraphQLObjectType, path });

  for (const { operation, type, path } of types) {
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const token = operation === 'mutation' && TRADER_MUTATIONS.has(field.name) ? trader : bettor;
      // The path's own arguments are literals (ids of known rows); the fuzzed field's are variables.
      const open = path.map(({ field: f }) => {
        const args = f.args.map((a) => [a, baseline(a.name, a.type, f.name)] as const).filter(([, v]) => v !== null && v !== undefined);
        return `${f.name}${args.length ? `(${args.map(([a, v]) => `${a.name}: ${JSON.stringify(v)}`).join(', ')})` : ''} {`;
      });
      const wrap = (inner: string) => `${open.join(' ')} ${inner} ${'}'.repeat(open.length)}`;
      const render = (args: readonly GraphQLArgument[], literal?: { arg: string; text: string }) => {
        const used = args.filter((a) => a.name !== literal?.arg);
        const declared = used.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
        const call = args.map((a) => (a.name === literal?.arg ? `${a.name}: ${literal.text}` : `${a.name}: $${a.name}`)).join(', ');
        return `${operation}${declared ? `(${declared})` : ''} { ${wrap(`${field.name}(${call})${selectionFor(field)}`)} }`;
      };
      const base = Object.fromEntries(field.args.map((a) => [a.name, baseline(a.name, a.type, field.name)]));
      for (const arg of field.args) {
        const named = getNamedType(arg.type);
        if (isInputObjectType(named)) {
          // Each field of the input (and of the first element of its lists of inputs) in turn.
          const baseInput = base[arg.name] as Record<string, unknown>;
          const isList = isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type);
          const root = (isList ? (baseInput as unknown as Array<Record<string, unknown>>)[0] : baseInput) ?? {};
          for (const inputField of Object.values(named.getFields())) {
            const innerNamed = getNamedType(inputField.type);
            const targets: Array<{ label: string; set: (value: unknown) => unknown }> = [];
            if (isInputObjectType(innerNamed)) {
              for (const leaf of Object.values(innerNamed.getFields())) {
                if (isInputObjectType(getNamedType(leaf.type))) continue;
                targets.push({
                  label: `${type.name}.${field.name}(${arg.name}.${inputField.name}[0].${leaf.name})`,
                  set: (value) => {
                    const list = structuredClone(root[inputField.name]) as Array<Record<string, unknown>>;
                    list[0] = { ...list[0], [leaf.name]: value };
                    return { ...root, [inputField.name]: list };
                  },
                });
                for (const value of hostileValues(leaf.type)) {
                  const input = targets.at(-1)!.set(value);
                  all.push({ target: targets.at(-1)!.label, operation, query: render(field.args), variables: { ...base, [arg.name]: isList ? [input] : input }, token });
                }
              }
              continue;
            }
            for (const value of hostileValues(inputField.type)) {
              const input = { ...root, [inputField.name]: value };
              all.push({ target: `${type.name}.${field.name}(${arg.name}.${inputField.name})`, operation, query: render(field.args), variables: { ...base, [arg.name]: isList ? [input] : input }, token });
            }
          }
          continue;
        }
        for (const value of hostileValues(arg.type)) {
          all.push({ target: `${type.name}.${field.name}(${arg.name})`, operation, query: render(field.args), variables: { ...base, [arg.name]: value }, token });
        }
        const literals = named.name === 'Int' ? HOSTILE_INT_LITERALS : named.name === 'String' || named.name === 'ID' ? ['"\\u0000"', '"\\ud800"', '"a\\u0000b"'] : [];
        for (const text of literals) {
          const rest = { ...base };
          delete rest[arg.name];
          all.push({ target: `${type.name}.${field.name}(${arg.name}) literal`, operation, query: render(field.args, { arg: arg.name, text }), variables: rest, token });
        }
      }
    }
  }
  return all;
}

/** Whether an answer's errors include a masked internal error. */
function internalError(errors: unknown): string | null {
  if (!Array.isArray(errors)) return null;
  for (const error of errors as Array<{ message?: string; extensions?: { code?: string } }>) {
    if (error?.extensions?.code === 'INTERNAL_SERVER_ERROR' || error?.message === 'Unexpected error.') return JSON.stringify(error).slice(0, 300);
  }
  return null;
}

function describeValue(variables: Record<string, unknown>, query: string): string {
  const text = JSON.stringify(variables);
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars) in ${query.slice(0, 200)}` : `${text} in ${query.slice(0, 200)}`;
}

/** Runs tasks with at most `limit` at once. */
async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

/** No answer for this long is a hang: generous, for a machine shared by many test runs. */
const HANG_MS = 30_000;

/** How the HTTP run was answered, by code (or `data`): printed, so a run that only met validation shows. */
const answered = new Map<string, number>();

async function overHttp(probe: Probe): Promise<string | null> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${probe.token}` },
    body: JSON.stringify({ query: probe.query, variables: probe.variables }),
    signal: AbortSignal.timeout(HANG_MS),
  }).catch((error: Error) => error);
  if (response instanceof Error) return `no answer (${response.name}: ${response.message})`;
  const text = await response.text();
  if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  let body: { errors?: Array<{ extensions?: { code?: string } }>; data?: Record<string, unknown> };
  try {
    body = JSON.parse(text);
  } catch {
    return `HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  const answer = body.errors?.[0]?.extensions?.code ?? (body.data ? `data ${JSON.stringify(body.data).match(/"(?:__typename|code)":"(\w+)"/g)?.at(-1) ?? ''}` : `HTTP ${response.status}`);
  answered.set(answer, (answered.get(answer) ?? 0) + 1);
  const internal = internalError(body.errors);
  return internal ? `masked internal error: ${internal}` : null;
}

/**
 * One operation on a socket: answered when it errors, completes, or (a subscription) sends its
 * first event or stays quietly open for a moment, as a valid live subscription does.
 */
function overSocket(client: Client, probe: Probe): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (problem: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(hang);
      clearTimeout(quiet);
      dispose();
      resolve(problem);
    };
    const hang = setTimeout(() => finish(`no answer within ${HANG_MS} ms`), HANG_MS);
    const quiet = probe.operation === 'subscription' ? setTimeout(() => finish(null), 1500) : undefined;
    const dispose = client.subscribe(
      { query: probe.query, variables: probe.variables },
      {
        next: (message) => {
          const internal = internalError(message.errors);
          if (internal) finish(`masked internal error: ${internal}`);
          else if (probe.operation === 'subscription') finish(null);
        },
        error: (error) => {
          if (Array.isArray(error)) return finish(internalError(error) ? `masked internal error: ${internalError(error)}` : null);
          const closed = error as { code?: number; reason?: string };
          finish(`socket failed: ${closed?.code ?? ''} ${closed?.reason ?? String(error)}`);
        },
        complete: () => finish(null),
      },
    );
  });
}

function socketFor(token: string, closes: string[]): Client {
  const client = createClient({
    url: `${server.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  client.on('closed', (event) => {
    const { code, reason } = event as { code: number; reason: Buffer | string };
    if (code !== 1000) closes.push(`${code} ${String(reason)}`);
  });
  return client;
}

describe('schema fuzz', () => {
  let schema: GraphQLSchema;
  let all: Probe[];

  before(async () => {
    const introspection = await gql<IntrospectionQuery>(server.url, getIntrospectionQuery(), {}, bettor);
    schema = buildClientSchema(introspection.data!);
    all = probes(schema);
  });

  it('reaches every argument of every root field and of the objects below them', () => {
    const targets = new Set(all.map((p) => p.target.replace(/\(([^.)]+).*$/, '($1)').replace(/ literal$/, '')));
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) assert.ok(targets.has(`${type.name}.${field.name}(${arg.name})`), `${type.name}.${field.name}(${arg.name}) is not fuzzed`);
      }
    }
    console.log(`# schema fuzz: ${all.length} probes over ${targets.size} arguments`);
  });

  it('answers every hostile argument over HTTP without an internal error, a 5xx or a hang', async () => {
    const failures: Failure[] = [];
    const startedMs = Date.now();
    await pool(all, 6, async (probe) => {
      const problem = await overHttp(probe);
      if (problem) failures.push({ transport: 'http', target: probe.target, value: describeValue(probe.variables, probe.query), problem });
    });
    console.log(`# schema fuzz over HTTP: ${all.length} operations in ${Date.now() - startedMs} ms, ${failures.length} failures`);
    console.log(`# answers: ${[...answered].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    assert.deepEqual(failures.slice(0, 15), [], `${failures.length} failures`);
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
  });

  it('answers every hostile argument over graphql-ws without an internal error, a closed socket or a hang', async () => {
    const failures: Failure[] = [];
    const closes: string[] = [];
    const clients = { [bettor]: socketFor(bettor, closes), [trader]: socketFor(trader, closes) };
    // A socket message is at most 64 KiB: the megabyte strings are the HTTP run's; here they are
    // replaced by strings just under the message bound, still far over the string limit.
    const socketProbes = all.map((probe) => ({ ...probe, variables: JSON.parse(JSON.stringify(probe.variables).replaceAll(ONE_MB, 'y'.repeat(60_000))) as Record<string, unknown> }));
    const startedMs = Date.now();
    try {
      await pool(socketProbes, 24, async (probe) => {
        const problem = await overSocket(clients[probe.token], probe);
        if (problem) failures.push({ transport: 'ws', target: probe.target, value: describeValue(probe.variables, probe.query), problem });
      });
    } finally {
      await Promise.all(Object.values(clients).map((c) => c.dispose()));
    }
    console.log(`# schema fuzz over graphql-ws: ${socketProbes.length} operations in ${Date.now() - startedMs} ms, ${failures.length} failures`);
    assert.deepEqual(closes, [], 'a socket was closed');
    assert.deepEqual(failures.slice(0, 15), [], `${failures.length} failures`);
  });

  it('closes a socket sent a megabyte message with 1009 (its message bound) and serves the next one', async () => {
    const closes: string[] = [];
    const client = socketFor(bettor, closes);
    const problem = await overSocket(client, { target: 'events(sport)', operation: 'query', query: `query($s: String) { events(sport: $s) { edges { cursor } } }`, variables: { s: ONE_MB }, token: bettor });
    await client.dispose();
    assert.match(problem ?? '', /1009/);
    const next = socketFor(bettor, []);
    assert.equal(await overSocket(next, { target: 'events', operation: 'query', query: `{ events(first: 1) { edges { cursor } } }`, variables: {}, token: bettor }), null);
    await next.dispose();
  });
});
