import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../lib/runtime';
import { isUnavailable, serviceUnavailable } from '../lib/unavailable';
import { createContext, type Context } from './context';
import { requestErrorCodesPlugin } from './input-guard';
import { armorPlugins, csrfPlugin, rateLimitPlugin } from './limits';
import { loadsPerMessagePlugin } from './loads-per-message';
import { CORS_REQUEST_HEADERS, originAllowed } from './origins';
import { schema } from './schema';

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
    // Unexpected errors are masked, except that an unreachable database or Redis answers a typed
    // SERVICE_UNAVAILABLE with HTTP 503 and Retry-After (lib/unavailable.ts).
    maskedErrors: {
      maskError: (error, message, isDev) =>
        isUnavailable(error)
          ? serviceUnavailable(runtime.env.UNAVAILABLE_RETRY_AFTER_SECONDS, error instanceof GraphQLError ? error : undefined)
          : maskError(error, message, isDev),
    },
    // One operation per request: a batch of 100 is refused rather than run.
    batching: false,
    // CORS for the allow-list only. Yoga's default reflects any Origin with
    // Access-Control-Allow-Credentials, which lets any page read a signed-in visitor's data; for
    // an origin not allowed no CORS header is sent at all, so the browser keeps the answer (and
    // refuses to send a credentialed JSON request after its preflight).
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (!origin || !originAllowed(origin, request.headers.get('host'), runtime.env.ALLOWED_ORIGINS)) return false;
      return { origin: [origin], credentials: true, methods: ['GET', 'POST', 'OPTIONS'], allowedHeaders: CORS_REQUEST_HEADERS, exposedHeaders: ['retry-after', 'x-request-id'], maxAge: 600 };
    },
    plugins: [
      ...armorPlugins(),
      csrfPlugin(),
      rateLimitPlugin({ perMinute: runtime.env.RATE_LIMIT_PER_MINUTE, anonymousPerMinute: runtime.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE }),
      loadsPerMessagePlugin(),
      requestErrorCodesPlugin(),
    ],
    landingPage: false,
    // GraphiQL is served by graphql/graphiql.ts (hashed, compressed assets, a CSP nonce, a rate
    // limit) before a request reaches yoga.
    graphiql: false,
    logging: runtime.env.NODE_ENV === 'test' ? false : 'warn',
    context: async (initial) => {
      const fromSocket = (initial as Partial<SocketInitialContext>).socketContext;
      if (fromSocket) return fromSocket;
      const { request, req, res } = initial as { request?: Request; req?: IncomingMessage; res?: ServerResponse };
      const forwardedProto = request?.headers.get('x-forwarded-proto');
      return createContext(runtime, {
        authorization: request?.headers.get('authorization'),
        apiKey: request?.headers.get('x-api-key'),
        setHeader: (name, value) => res?.setHeader(name, value),
        cookie: request?.headers.get('cookie'),
        address: req?.socket.remoteAddress ?? null,
        secure: forwardedProto ? forwardedProto === 'https' : request?.url.startsWith('https:') ?? false,
        // Node merges headers set here with the ones yoga writes with the response.
        setCookie: (value) => res?.appendHeader('set-cookie', value),
      });
    },
  }) as unknown as Yoga;
}
