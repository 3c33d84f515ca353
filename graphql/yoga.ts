import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../lib/runtime';
import { createContext, type Context } from './context';
import { schema } from './schema';

const EXAMPLE_OPERATION = `# Live events with their markets. Press ▶ to run.
# Subscriptions run here too, over graphql-ws: try
#   subscription { oddsChanged(eventId: "<an id from below>") { markets { name selections { name odds previousOdds } } } }
query LiveEvents {
  events(status: LIVE, first: 10) {
    edges {
      node {
        id
        sport
        name
        status
        score { home away }
        clock
        markets { name status selections { id name odds previousOdds } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Initial context from graphql-ws: the context was already built when the socket connected. */
export interface SocketInitialContext {
  socketContext: Context;
}

export type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

/** GraphQL over HTTP (and GraphiQL for browsers) at /graphql; unexpected errors are masked. */
export function createYogaServer(runtime: Runtime): Yoga {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: true,
    landingPage: false,
    // GraphiQL with its assets inlined, so it works without reaching a CDN (offline, or behind a firewall).
    renderGraphiQL,
    graphiql: {
      title: 'Live sportsbook API',
      defaultQuery: EXAMPLE_OPERATION,
      subscriptionsProtocol: 'WS',
    },
    logging: runtime.env.NODE_ENV === 'test' ? false : 'warn',
    context: async (initial) => {
      const fromSocket = (initial as Partial<SocketInitialContext>).socketContext;
      if (fromSocket) return fromSocket;
      const { request, req, res } = initial as { request?: Request; req?: IncomingMessage; res?: ServerResponse };
      const forwardedProto = request?.headers.get('x-forwarded-proto');
      return createContext(runtime, {
        authorization: request?.headers.get('authorization'),
        cookie: request?.headers.get('cookie'),
        address: req?.socket.remoteAddress ?? null,
        secure: forwardedProto ? forwardedProto === 'https' : request?.url.startsWith('https:') ?? false,
        // Node merges headers set here with the ones yoga writes with the response.
        setCookie: (value) => res?.appendHeader('set-cookie', value),
      });
    },
  }) as unknown as Yoga;
}
