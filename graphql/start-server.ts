import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { ensureTrader } from '../lib/auth/accounts';
import { startJobs } from '../lib/jobs';
import { log } from '../lib/log';
import { NO_PING, openRedisPing, type Ping } from '../lib/readiness';
import type { Env } from '../lib/env';
import { createRuntime, type Runtime } from '../lib/runtime';
import { shareRuntime } from '../lib/runtime-shared';
import { API_CONTENT_SECURITY_POLICY, baseSecurityHeaders, requestIsHttps } from '../lib/security-headers';
import { createGraphiql, GRAPHIQL_ASSET_PREFIX } from './graphiql';
import { serveMetrics } from './metrics-endpoint';
import { originAllowed } from './origins';
import { attachGraphqlWs } from './ws';
import { createYogaServer } from './yoga';

export interface RunningServer {
  url: string;
  port: number;
  runtime: Runtime;
  /** The background jobs running (lib/jobs.ts), in the order they started. */
  jobs: readonly string[];
  close(): Promise<void>;
}

/** The trader password used when none is configured (embedded, single-machine mode only). */
export const DEFAULT_TRADER_PASSWORD = 'trader-password';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts one instance: its runtime, its background jobs (lib/jobs.ts), then Next.js pages, GraphQL
 * over HTTP and graphql-ws at /graphql, and /api/health, all on one port. `next: false` serves only
 * the API (integration tests).
 */
export async function startServer(env: Env, options: { next?: boolean; dev?: boolean } = {}): Promise<RunningServer> {
  const runtime = await createRuntime(env);
  shareRuntime(runtime);
  await ensureTrader(runtime.db, env.TRADER_USERNAME, env.TRADER_PASSWORD ?? DEFAULT_TRADER_PASSWORD);
  // Before the first request: revocations are read by then.
  const jobs = await startJobs(runtime);

  const yoga = createYogaServer(runtime);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const wsServer = attachGraphqlWs(wss, yoga, runtime);
  const graphiql = createGraphiql(runtime);

  let nextHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let nextUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>) | null = null;
  let closeNext: (() => Promise<void>) | null = null;
  if (options.next !== false) {
    const { default: next } = await import('next');
    const app = next({ dev: options.dev ?? false, dir: projectRoot, hostname: env.HOST, port: env.PORT });
    await app.prepare();
    nextHandler = app.getRequestHandler();
    nextUpgrade = app.getUpgradeHandler();
    closeNext = async () => {
      await (app as unknown as { close?: () => Promise<void> }).close?.();
    };
  }

  // Readiness pings Redis on a connection of its own (the database's ping has one too).
  const redisPing = env.REDIS_URL ? openRedisPing(env.REDIS_URL, env.HEALTH_TIMEOUT_MS) : NO_PING;
  let draining = false;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // A request id for every response and log line; a caller's own id is kept if it looks sane.
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = Date.now();
    res.once('finish', () => {
      if (path === '/graphql' || path.startsWith('/api/')) log.info({ requestId, method: req.method, path, status: res.statusCode, ms: Date.now() - started }, 'request');
    });
    if (draining) res.setHeader('connection', 'close');
    // Every response, page or API (docs/decisions/0018). Pages get their CSP with a nonce from
    // Next's proxy (proxy.ts), GraphiQL from its own page; everything else here is data that
    // nothing may load or frame.
    const forwardedProto = req.headers['x-forwarded-proto'];
    for (const [name, value] of Object.entries(baseSecurityHeaders(requestIsHttps(Boolean((req.socket as TLSSocket).encrypted), typeof forwardedProto === 'string' ? forwardedProto : undefined)))) res.setHeader(name, value);
    const api = path === '/graphql' || path.startsWith('/graphql/') || path.startsWith('/api/') || path === '/metrics';
    if (api) res.setHeader('content-security-policy', API_CONTENT_SECURITY_POLICY);
    if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) return void graphiql.asset(req, res, path);
    if (path === '/graphql' && graphiql.wants(req)) return void graphiql.page(req, res);
    if (path === '/graphql' || path.startsWith('/graphql/')) {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > env.MAX_BODY_BYTES || (req.method === 'POST' && req.headers['transfer-encoding'] && !req.headers['content-length'])) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message: `Request bodies are limited to ${env.MAX_BODY_BYTES} bytes (and need a Content-Length).`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
        req.resume();
        return;
      }
      // Whether CORS headers are sent depends on Origin: shared caches must key on it.
      res.setHeader('vary', 'Origin');
      return void yoga(req, res);
    }
    if (path === '/api/health' || path === '/api/health/ready') return void health(runtime, redisPing, res, draining);
    if (path === '/api/health/live') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'live' }));
    if (path === '/metrics') return void serveMetrics(runtime, req, res);
    if (nextHandler) return void nextHandler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain', 'content-security-policy': API_CONTENT_SECURITY_POLICY }).end('Not found');
  });

  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/graphql') {
      // Browsers send Origin on WebSocket upgrades and the socket carries the session cookie, so the
      // same allow-list as CORS applies. Partners' servers and CLI clients send no Origin.
      const origin = req.headers.origin;
      if (origin !== undefined && !originAllowed(origin, req.headers.host, env.ALLOWED_ORIGINS)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
    if (nextUpgrade) return void nextUpgrade(req, socket, head);
    socket.destroy();
  });

  let openRequests = 0;
  server.on('request', (_req, res) => {
    openRequests += 1;
    res.once('close', () => (openRequests -= 1));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  }).catch(async (error) => {
    await jobs.stop();
    await closeNext?.();
    shareRuntime(undefined);
    await runtime.close();
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    runtime,
    jobs: jobs.names,
    close: () =>
      (closing ??= (async () => {
        // Graceful: readiness turns 503 and new connections are refused, sockets are told to go
        // elsewhere (1001), requests in flight finish (up to 5 s), background jobs stop in reverse
        // (the outbox relay's last pass among them), and only then do the database and Redis
        // connections close.
        draining = true;
        server.close();
        // 1001 "going away" tells clients to reconnect, possibly to another instance.
        for (const client of wss.clients) client.close(1001, 'Server shutting down');
        await wsServer.dispose();
        server.closeIdleConnections();
        const deadline = Date.now() + 5000;
        while (openRequests > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        server.closeAllConnections();
        await jobs.stop();
        await closeNext?.();
        shareRuntime(undefined);
        await redisPing.close();
        await runtime.close();
      })()),
  };
}

/**
 * Readiness: 503 while the database or Redis cannot serve (each pinged on a connection of its own,
 * bounded by HEALTH_TIMEOUT_MS, and pub/sub's own connections up) or while draining; 200 otherwise.
 */
async function health(runtime: Runtime, redisPing: Ping, res: ServerResponse, draining: boolean): Promise<void> {
  const [database, redis, pubsubUp] = await Promise.all([runtime.database.ping(), redisPing.ping(), runtime.pubsub.healthy()]);
  const pubsub = redis && pubsubUp;
  const healthy = database && pubsub && !draining;
  // A load balancer retries elsewhere, or here after this long.
  if (!healthy && !draining) res.setHeader('retry-after', String(runtime.env.UNAVAILABLE_RETRY_AFTER_SECONDS));
  res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(
    JSON.stringify({
      status: healthy ? 'ok' : draining ? 'draining' : 'unavailable',
      database: { status: database ? 'up' : 'down', kind: runtime.database.kind },
      pubsub: { status: pubsub ? 'up' : 'down', kind: runtime.pubsub.kind },
      instance: runtime.instanceId,
    }),
  );
}
