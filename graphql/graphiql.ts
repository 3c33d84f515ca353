import * as bundle from '@graphql-yoga/render-graphiql/graphiql';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { addressBucket } from '../lib/ip-address';
import type { Runtime } from '../lib/runtime';
import { graphiqlContentSecurityPolicy, newNonce } from '../lib/security-headers';

const EXAMPLE_MUTATION = `# Sign in, then send the token in the Headers tab:
#   { "Authorization": "Bearer <token>" }
mutation SignIn {
  signIn(username: "trader", password: "trader-password") {
    __typename
    ... on AuthPayload { token viewer { username balance } }
    ... on UserError { code message }
  }
}
`;

const EXAMPLE_SUBSCRIPTION = `# Runs over graphql-ws. Put an event id from the LiveEvents tab in Variables.
subscription WatchOdds($eventId: ID!) {
  oddsChanged(eventId: $eventId) {
    event { name score { home away } clock }
    markets { name status selections { name odds previousOdds } }
  }
}
`;

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

/** What yoga's GraphiQL is given: the endpoint, example tabs, and graphql-ws for subscriptions. */
const GRAPHIQL_OPTIONS = {
  title: 'Live sportsbook API',
  endpoint: '/graphql',
  defaultQuery: EXAMPLE_OPERATION,
  defaultTabs: [{ query: EXAMPLE_OPERATION }, { query: EXAMPLE_MUTATION }, { query: EXAMPLE_SUBSCRIPTION, variables: '{ "eventId": "" }' }],
  subscriptionsProtocol: 'WS',
};

/** Where GraphiQL's assets are served; each name carries its content hash, so a URL never changes meaning. */
export const GRAPHIQL_ASSET_PREFIX = '/graphql/assets/';

/** One GraphiQL asset: its bytes as they are and compressed, and its validator. */
interface Asset {
  type: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

const ASSET_SOURCES: Array<{ name: string; ext: string; type: string; body: Buffer }> = [
  { name: 'graphiql', ext: 'js', type: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.js) },
  { name: 'graphiql', ext: 'css', type: 'text/css; charset=utf-8', body: Buffer.from(bundle.css) },
  // Monaco starts these as module workers from the URLs the page gives it (yoga's own page made
  // them blob: URLs, which a strict CSP would have to allow).
  { name: 'editor.worker', ext: 'js', type: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.editorWorkerService) },
  { name: 'json.worker', ext: 'js', type: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.jsonWorker) },
  { name: 'graphql.worker', ext: 'js', type: 'text/javascript; charset=utf-8', body: Buffer.from(bundle.graphqlWorker) },
  { name: 'favicon', ext: 'ico', type: 'image/x-icon', body: Buffer.from(bundle.favicon.replace(/^data:[^,]*;base64,/, ''), 'base64') },
];

/** The hashed URL of each source, by `name.ext`. */
const assetUrls = new Map(ASSET_SOURCES.map((s) => [`${s.name}.${s.ext}`, `${GRAPHIQL_ASSET_PREFIX}${s.name}.${hashOf(s.body)}.${s.ext}`]));

function hashOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 16);
}

/** JSON that is safe inside an inline script: no `<` can end the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GraphiQL at /graphql as a small page that loads its 9 MB of script, styles and workers from
 * hashed, immutable, compressed URLs under /graphql/assets/ (yoga's own page inlines all of it in
 * every response, built anew each time). The page carries a fresh CSP nonce on each of its
 * scripts and is rate limited per address; assets count against a wider per-address budget, and
 * conditional requests (If-None-Match) cost nothing.
 */
export function createGraphiql(runtime: Runtime) {
  const perMinute = runtime.env.GRAPHIQL_PER_MINUTE;
  let compressed: Promise<Map<string, Asset>> | null = null;
  // Compressed on first use, off the event loop (zlib's thread pool), once per process.
  const assets = () =>
    (compressed ??= (async () => {
      const map = new Map<string, Asset>();
      for (const source of ASSET_SOURCES) {
        const [gz, br] = await Promise.all([
          promisify(gzip)(source.body, { level: 9 }),
          promisify(brotliCompress)(source.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: source.body.length, [zlib.BROTLI_PARAM_MODE]: source.ext === 'ico' ? zlib.BROTLI_MODE_GENERIC : zlib.BROTLI_MODE_TEXT } }),
        ]);
        map.set(assetUrls.get(`${source.name}.${source.ext}`)!, { type: source.type, identity: source.body, gzip: gz, br, etag: `"${hashOf(source.body)}"` });
      }
      return map;
    })());

  /** Takes one from the address's budget, or answers 429 RATE_LIMITED with Retry-After and says it did. */
  async function limited(req: IncomingMessage, res: ServerResponse, bucket: string, limit: number): Promise<boolean> {
    const address = addressBucket(req.socket.remoteAddress ?? 'unknown');
    const reservation = await runtime.limits.reserve([{ key: `graphiql:${bucket}:${address}`, limit }], 60_000);
    if (reservation.ok) return false;
    const retryAfterSeconds = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
    runtime.metrics.rateLimited.inc({ limit: `graphiql-${bucket}` });
    res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' });
    res.end(JSON.stringify({ errors: [{ message: `GraphiQL is limited to ${limit} loads a minute per address; retry in ${retryAfterSeconds} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }] }));
    return true;
  }

  return {
    /** Whether a request to /graphql is a browser asking for GraphiQL (as yoga decides it). */
    wants(req: IncomingMessage): boolean {
      return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    },

    /** The page itself: a few kilobytes, never cached (its nonce is new each time). */
    async page(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (await limited(req, res, 'page', perMinute)) return;
      const nonce = newNonce();
      const workers = { editorWorkerService: assetUrls.get('editor.worker.js'), json: assetUrls.get('json.worker.js'), graphql: assetUrls.get('graphql.worker.js') };
      const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(GRAPHIQL_OPTIONS.title)}</title>
    <link rel="icon" href="${assetUrls.get('favicon.ico')}" />
    <link rel="stylesheet" href="${assetUrls.get('graphiql.css')}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script nonce="${nonce}">
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => (${scriptJson(workers)})[label] };
    </script>
    <script nonce="${nonce}" src="${assetUrls.get('graphiql.js')}"></script>
    <script nonce="${nonce}">
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(GRAPHIQL_OPTIONS)});
    </script>
  </body>
</html>
`;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': graphiqlContentSecurityPolicy(nonce),
      });
      res.end(html);
    },

    /** An asset by its hashed URL: compressed as the client accepts, cached for a year, 304 when it has it. */
    async asset(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed');
        return;
      }
      const asset = (await assets()).get(path);
      if (!asset) {
        res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('Not found');
        return;
      }
      const common = { etag: asset.etag, 'cache-control': 'public, max-age=31536000, immutable', vary: 'Accept-Encoding' };
      if ((req.headers['if-none-match'] ?? '').split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) {
        res.writeHead(304, common).end();
        return;
      }
      // A page load fetches six assets; the budget leaves room for a few reloads with a cold cache.
      if (await limited(req, res, 'assets', perMinute * 10)) return;
      const accepted = acceptedEncodings(req.headers['accept-encoding']);
      const [encoding, body] = accepted.has('br') ? ['br', asset.br] : accepted.has('gzip') ? ['gzip', asset.gzip] : [null, asset.identity];
      res.writeHead(200, { ...common, 'content-type': asset.type, 'content-length': String(body.length), ...(encoding ? { 'content-encoding': encoding } : {}) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

/** The content codings an Accept-Encoding header allows (q=0 excluded). */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}
