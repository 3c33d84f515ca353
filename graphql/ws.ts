import { randomUUID } from 'node:crypto';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Runtime } from '../lib/runtime';
import { createContext, type Context } from './context';
import type { SocketInitialContext, Yoga } from './yoga';

type Enveloped = ReturnType<Yoga['getEnveloped']>;
interface RootValue {
  execute: Enveloped['execute'];
  subscribe: Enveloped['subscribe'];
}

/** What each connection carries besides the socket: its context, built once at connection_init. */
type ConnectionExtra = { context: Context & { memberId: string } };

/**
 * Serves graphql-ws on a `ws` server that the HTTP server hands upgrades to. Operations run
 * through yoga's envelope, so HTTP and WebSocket share one schema, context and error masking.
 * The token from connection_init is verified once per connection.
 */
export function attachGraphqlWs(wss: WebSocketServer, yoga: Yoga, runtime: Runtime) {
  return useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = typeof params.authorization === 'string' ? params.authorization : null;
        // Browsers send the session cookie with the upgrade request; partners send a token.
        const context = await createContext(runtime, {
          authorization,
          cookie: ctx.extra.request.headers.cookie,
          address: ctx.extra.request.socket.remoteAddress,
          cacheLoads: false,
        });
        ctx.extra.context = { ...context, memberId: randomUUID() };
        return true;
      },
      execute: (args) => (args.rootValue as RootValue).execute(args as ExecutionArgs),
      subscribe: (args) => (args.rootValue as RootValue).subscribe(args as ExecutionArgs),
      onSubscribe: async (ctx, _id, payload) => {
        const initial: SocketInitialContext = { socketContext: ctx.extra.context! };
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped(initial);
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as never];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies RootValue,
        };
      },
    },
    wss,
    // graphql-ws pings every 12 s and drops sockets that stop answering, so rooms stay accurate.
    12_000,
  );
}
