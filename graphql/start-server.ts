import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { ensureTrader } from '../lib/auth/accounts';
import { startBetAcceptor } from '../lib/bets/accept-pending-bets';
import { startAutoCashout } from '../lib/cashout/auto-cashout';
import { expireChallenges } from '../lib/challenges/challenge-actions';
import type { Env } from '../lib/env';
import { createRuntime, type Runtime } from '../lib/runtime';
import { shareRuntime } from '../lib/runtime-shared';
import { attachGraphqlWs } from './ws';
import { createYogaServer } from './yoga';

export interface RunningServer {
  url: string;
  port: number;
  runtime: Runtime;
  close(): Promise<void>;
}

/** The trader password used when none is configured (embedded, single-machine mode only). */
export const DEFAULT_TRADER_PASSWORD = 'trader-password';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts one instance: Next.js pages, GraphQL over HTTP and graphql-ws at /graphql, and
 * /api/health, all on one port. `next: false` serves only the API (integration tests).
 */
export async function startServer(env: Env, options: { next?: boolean; dev?: boolean } = {}): Promise<RunningServer> {
  const runtime = await createRuntime(env);
  shareRuntime(runtime);
  await ensureTrader(runtime.db, env.TRADER_USERNAME, env.TRADER_PASSWORD ?? DEFAULT_TRADER_PASSWORD);

  const yoga = createYogaServer(runtime);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const wsServer = attachGraphqlWs(wss, yoga, runtime);

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

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/graphql' || path.startsWith('/graphql/')) return void yoga(req, res);
    if (path === '/api/health') return void health(runtime, res);
    if (nextHandler) return void nextHandler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });

  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/graphql') {
      if (!originAllowed(req, env.ALLOWED_ORIGINS)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
    if (nextUpgrade) return void nextUpgrade(req, socket, head);
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;

  // Every instance decides due in-play bets; SKIP LOCKED shares the work without doubling it.
  const acceptor = startBetAcceptor(runtime);
  // One instance at a time (by lease) watches auto-cashout rules, so each fires once.
  const autoCashout = startAutoCashout(runtime);
  // Untaken challenges lapse at kick-off; every instance checks (SKIP LOCKED shares the work).
  const challengeExpiry = setInterval(() => {
    expireChallenges(runtime).catch((error) => console.error(`challenge expiry: ${error instanceof Error ? error.message : String(error)}`));
  }, 1000);
  challengeExpiry.unref();
  const feed = env.FEED === 'simulated' ? (await import('../lib/feed/simulator')).startFeedSimulator(runtime) : null;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    runtime,
    close: () =>
      (closing ??= (async () => {
        await feed?.stop();
        await acceptor.stop();
        await autoCashout.stop();
        clearInterval(challengeExpiry);
        // 1001 "going away" tells clients to reconnect, possibly to another instance.
        for (const client of wss.clients) client.close(1001, 'Server shutting down');
        await wsServer.dispose();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await closeNext?.();
        shareRuntime(undefined);
        await runtime.close();
      })()),
  };
}

/** Browsers send Origin on WebSocket upgrades; only the server's own origin (and the allow-list) may connect. */
function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // Not a browser: partners' servers and CLI clients send no Origin.
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

async function health(runtime: Runtime, res: ServerResponse): Promise<void> {
  const [database, pubsub] = await Promise.all([runtime.database.ping(), runtime.pubsub.healthy()]);
  const healthy = database && pubsub;
  res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(
    JSON.stringify({
      status: healthy ? 'ok' : 'unavailable',
      database: { status: database ? 'up' : 'down', kind: runtime.database.kind },
      pubsub: { status: pubsub ? 'up' : 'down', kind: runtime.pubsub.kind },
      instance: runtime.instanceId,
    }),
  );
}
