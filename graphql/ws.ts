import { randomUUID } from 'node:crypto';
import type { ExecutionArgs } from 'graphql';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Runtime } from '../lib/runtime';
import { createContext, type Context } from './context';
import { SharedResults, sharedOperationKey, type SharedOperation } from './shared-subscriptions';
import { bindSocketCredential, type SocketCredential } from './socket-credential';
import type { SocketInitialContext, Yoga } from './yoga';

type Enveloped = ReturnType<Yoga['getEnveloped']>;
interface RootValue {
  execute: Enveloped['execute'];
  subscribe: Enveloped['subscribe'];
  /** Set for public subscriptions: executed once per message and operation, shared by subscribers. */
  shared?: { operation: SharedOperation; send: (payload: string) => void };
  /** Set when the operation runs under the socket's credential: its subscription ends with the credential. */
  credential?: SocketCredential;
}

/**
 * What each connection carries besides the socket: its context, built at connection_init and
 * replaced by a signed-out one if its credential is revoked or expires, and that credential's watch.
 */
type ConnectionExtra = { context: Context & { memberId: string }; subscriptions: Map<string, string>; credential: SocketCredential | null };

export const WS_LIMITS = {
  /** Subscriptions one connection may hold at once. */
  subscriptionsPerConnection: 50,
  /** Default bytes waiting in a socket's send buffer before the consumer counts as stopped (WS_SEND_BUFFER_BYTES). */
  sendBufferBytes: 1024 * 1024,
  /**
   * How long a cut-off socket's close frame (1013) may wait behind its backlog before the socket
   * is destroyed. A reader that stopped never reads it; ws's own close timeout would hold the
   * backlog, and the subscriptions waiting on it, for 30 s.
   */
  cutOffGraceMs: 1000,
} as const;

/** Sockets already cut off, so each is counted and closed once however many sends follow. */
const cutOff = new WeakSet<WebSocket>();

/**
 * Cuts off a client whose unsent bytes passed `limitBytes` instead of letting the server buffer
 * for it without limit: close 1013 (try again later), then destroyed once the grace has passed,
 * which frees its backlog and ends its subscriptions (their pending sends fail). Says whether the
 * socket is cut off (now or before).
 */
export function closeIfTooSlow(socket: WebSocket, runtime: Runtime, limitBytes: number = WS_LIMITS.sendBufferBytes): boolean {
  if (cutOff.has(socket)) return true;
  if (socket.bufferedAmount <= limitBytes) return false;
  cutOff.add(socket);
  runtime.metrics.wsClosedSlow.inc();
  socket.close(1013, 'Consumer too slow');
  const timer = setTimeout(() => socket.terminate(), WS_LIMITS.cutOffGraceMs);
  timer.unref?.();
  socket.once?.('close', () => clearTimeout(timer));
  return true;
}

/**
 * Bounds what graphql-ws itself sends on a socket (see closeIfTooSlow). A send refused because the
 * socket is cut off still calls its callback, with an error: graphql-ws waits for that callback
 * before taking a subscription's next result, and one never called would leave the subscription,
 * its pub/sub listener and the connection's close handling waiting forever.
 */
export function boundSendBuffer(socket: WebSocket, runtime: Runtime, limitBytes: number = WS_LIMITS.sendBufferBytes): void {
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    if (!closeIfTooSlow(socket, runtime, limitBytes)) return send(data, ...rest);
    const callback = rest.find((r): r is (error?: Error) => void => typeof r === 'function');
    if (callback) process.nextTick(callback, new Error('WebSocket cut off: consumer too slow'));
  }) as WebSocket['send'];
}

/**
 * Counts sockets dropped for not answering graphql-ws's keepalive ping: its only use of
 * terminate(). A client that stops reading stops answering too, so most slow consumers end here,
 * within 24 s, before their send buffer reaches its bound.
 */
export function countKeepaliveDrops(socket: WebSocket, runtime: Runtime): void {
  const terminate = socket.terminate.bind(socket);
  socket.terminate = () => {
    if (socket.readyState === socket.OPEN) runtime.metrics.wsClosedUnresponsive.inc();
    terminate();
  };
}

/**
 * Serves graphql-ws on a `ws` server that the HTTP server hands upgrades to. Operations run
 * through yoga's envelope, so HTTP and WebSocket share one schema, context, limits and masking.
 * The token (or API key, or session cookie) is verified when the socket connects and then checked
 * again before every operation against the shared revocation set; a revocation or expiry ends the
 * socket's viewer-bound subscriptions within seconds (socket-credential.ts). graphql-ws itself
 * closes a socket that sends no connection_init in 10 s (4408) or a second one (4429).
 */
export function attachGraphqlWs(wss: WebSocketServer, yoga: Yoga, runtime: Runtime) {
  const shared = new SharedResults(() => createContext(runtime, {}), {
    isDev: runtime.env.NODE_ENV !== 'production',
    onExecute: () => runtime.metrics.sharedExecutions.inc(),
  });
  wss.on('connection', (socket: WebSocket) => {
    runtime.metrics.wsConnections.inc();
    runtime.metrics.wsConnectionsOpened.inc();
    boundSendBuffer(socket, runtime, runtime.env.WS_SEND_BUFFER_BYTES);
    countKeepaliveDrops(socket, runtime);
    socket.once('close', () => runtime.metrics.wsConnections.dec());
  });
  return useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === 'string' ? params.authorization : null;
        const apiKey = typeof params.apiKey === 'string' ? params.apiKey : null;
        // Browsers send the session cookie with the upgrade request; partners send a token or key.
        const context = await createContext(runtime, {
          authorization,
          apiKey,
          cookie: ctx.extra.request.headers.cookie,
          address: ctx.extra.request.socket.remoteAddress,
        });
        ctx.extra.context = { ...context, memberId: randomUUID() };
        ctx.extra.subscriptions = new Map();
        // From here on every operation is authorised with the credential as it stands now.
        ctx.extra.credential = bindSocketCredential(runtime, ctx.extra);
        return true;
      },
      execute: (args) => (args.rootValue as RootValue).execute(args as ExecutionArgs),
      subscribe: async (args) => {
        const root = args.rootValue as RootValue;
        if (root.shared) return shared.subscribe(args as ExecutionArgs, root.shared.operation, root.shared.send);
        const result = await root.subscribe(args as ExecutionArgs);
        return root.credential ? root.credential.bind(result) : result;
      },
      onSubscribe: async (ctx, id, payload) => {
        if ((ctx.extra.subscriptions?.size ?? 0) >= WS_LIMITS.subscriptionsPerConnection) {
          return [new GraphQLError(`At most ${WS_LIMITS.subscriptionsPerConnection} subscriptions per connection.`, { extensions: { code: 'LIMIT_EXCEEDED' } })];
        }
        // The credential as it stands now: revoked or expired, this operation runs signed out.
        ctx.extra.credential?.check();
        const initial: SocketInitialContext = { socketContext: ctx.extra.context! };
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped(initial);
        // A refused operation (syntax, a query limit, invalid) gets its own error message; only
        // a throw from here would make graphql-ws close the whole socket with 4500.
        let document;
        let errors: readonly GraphQLError[];
        try {
          document = parse(payload.query);
          errors = validate(schema, document);
        } catch (error) {
          errors = [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be read.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        if (errors.length > 0 || !document) return errors.map(withoutHttp);
        const field = subscriptionField(document);
        ctx.extra.subscriptions?.set(id, field);
        runtime.metrics.subscriptions.inc({ field });
        const args = { schema, operationName: payload.operationName, document, variableValues: payload.variables };
        const rootValue: RootValue = { execute, subscribe };
        if (ctx.extra.context!.credential && ctx.extra.credential) rootValue.credential = ctx.extra.credential;
        const key = sharedOperationKey(document, payload.query, payload.operationName, payload.variables);
        if (key !== null) {
          const socket = ctx.extra.socket;
          const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
          rootValue.shared = {
            operation: { key, args },
            // The shared JSON goes out as it is, inside this subscription's own `next` message.
            send: (payload) => {
              if (socket.readyState === socket.OPEN && !closeIfTooSlow(socket, runtime, runtime.env.WS_SEND_BUFFER_BYTES)) socket.send(`${prefix}${payload}}`);
            },
          };
        }
        return { ...args, contextValue: await contextFactory(), rootValue };
      },
      onComplete: (ctx, id) => release(ctx.extra, id),
      onError: (ctx, id) => release(ctx.extra, id),
      onClose: (ctx) => {
        ctx.extra.credential?.close();
        for (const id of [...(ctx.extra.subscriptions?.keys() ?? [])]) release(ctx.extra, id);
      },
    },
    wss,
    // graphql-ws pings every 12 s and drops sockets that stop answering, so rooms stay accurate.
    12_000,
  );

  function release(extra: Partial<ConnectionExtra>, id: string) {
    const field = extra.subscriptions?.get(id);
    if (field === undefined) return;
    extra.subscriptions!.delete(id);
    runtime.metrics.subscriptions.dec({ field });
  }
}

/** An error as a socket sends it: HTTP's status hint (extensions.http) means nothing there. */
function withoutHttp(error: GraphQLError): GraphQLError {
  if (!error.extensions?.http) return error;
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions });
}

function subscriptionField(document: { definitions: ReadonlyArray<{ kind: string; operation?: string; selectionSet?: { selections: ReadonlyArray<{ kind: string; name?: { value: string } }> } }> }): string {
  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition') continue;
    const first = definition.selectionSet?.selections.find((s) => s.kind === 'Field');
    return `${definition.operation}:${first?.name?.value ?? 'unknown'}`;
  }
  return 'unknown';
}
