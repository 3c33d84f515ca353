import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as bundle from '@graphql-yoga/render-graphiql/graphiql';
import { startTestServer } from '../e2e/support/server';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';

// GraphiQL (issue 15, class 8): a small page with a fresh nonce, its 9 MB of script, styles and
// workers served compressed from immutable hashed URLs, and a per-address limit on loads.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw GET (fetch would decompress and hide Content-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const page = (base: string) => get(`${base}/graphql`, { accept: 'text/html' });
const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

describe('GraphiQL', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let limited: Awaited<ReturnType<typeof startTestServer>>;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ databaseUrl: database.url, env: { GRAPHIQL_PER_MINUTE: '1000' } });
    limited = await startTestServer({ databaseUrl: database.url, env: { GRAPHIQL_PER_MINUTE: '3' } });
  });

  after(async () => {
    await server?.close();
    await limited?.close();
    await database?.drop();
  });

  it('serves a small page, never cached, whose scripts all carry the nonce of its CSP, new on every load', async () => {
    const first = await page(server.url);
    const second = await page(server.url);
    assert.equal(first.status, 200);
    assert.match(String(first.headers['content-type']), /^text\/html/);
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.ok(first.body.length < 16 * 1024, `the page is ${first.body.length} bytes`);
    const csp = String(first.headers['content-security-policy']);
    assert.match(csp, /script-src 'nonce-[^']+' 'strict-dynamic'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '', /unsafe-inline|unsafe-eval/);
    const nonce = nonceOf(csp)!;
    assert.notEqual(nonce, nonceOf(String(second.headers['content-security-policy'])));
    const html = first.body.toString();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 3);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${tag} lacks the nonce`);
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    assert.equal(first.headers['x-frame-options'], 'DENY');
  });

  it('serves every asset compressed as the client accepts, cacheable for a year under its hash, and 304 when the client has it', async () => {
    const html = (await page(server.url)).body.toString();
    const urls = [...html.matchAll(/(?:src|href)="(\/graphql\/assets\/[^"]+)"/g)].map((m) => m[1]);
    const workers = [...html.matchAll(/"(\/graphql\/assets\/[^"]+\.worker\.[^"]+\.js)"/g)].map((m) => m[1]);
    assert.equal(urls.length, 3); // favicon, stylesheet, script
    assert.equal(workers.length, 3);
    let identityBytes = 0;
    let brotliBytes = 0;
    for (const url of [...urls, ...workers]) {
      assert.match(url, /\.[A-Za-z0-9_-]{16}\.(js|css|ico)$/);
      const br = await get(`${server.url}${url}`, { 'accept-encoding': 'gzip, deflate, br' });
      const gz = await get(`${server.url}${url}`, { 'accept-encoding': 'gzip' });
      const plain = await get(`${server.url}${url}`, { 'accept-encoding': 'identity' });
      assert.equal(br.status, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.deepEqual(brotliDecompressSync(br.body), plain.body);
      assert.deepEqual(gunzipSync(gz.body), plain.body);
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(br.headers.vary, 'Accept-Encoding');
      const etag = String(br.headers.etag);
      assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
      const again = await get(`${server.url}${url}`, { 'accept-encoding': 'br', 'if-none-match': etag });
      assert.equal(again.status, 304);
      assert.equal(again.body.length, 0);
      identityBytes += plain.body.length;
      brotliBytes += br.body.length;
    }
    // The assets are GraphiQL's own bundle, byte for byte.
    const script = await get(`${server.url}${urls.find((u) => u.endsWith('.js'))}`);
    assert.equal(script.body.toString(), bundle.js);
    assert.ok(brotliBytes * 3 < identityBytes, `compressed ${brotliBytes} of ${identityBytes} bytes`);
    console.log(`GraphiQL assets: ${(identityBytes / 1048576).toFixed(1)} MiB as they are, ${(brotliBytes / 1048576).toFixed(2)} MiB with brotli`);
  });

  it('answers an unknown asset with 404', async () => {
    const answer = await get(`${server.url}/graphql/assets/graphiql.AAAAAAAAAAAAAAAA.js`);
    assert.equal(answer.status, 404);
  });

  it('limits page loads per address, answering RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await page(limited.url)).status, 200);
    const refused = await page(limited.url);
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
    const body = JSON.parse(refused.body.toString());
    assert.equal(body.errors[0].extensions.code, 'RATE_LIMITED');
    assert.equal(body.errors[0].extensions.retryAfterSeconds, retryAfter);
    // The API itself is not part of GraphiQL's budget.
    const api = await fetch(`${limited.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    assert.equal(api.status, 200);
  });

  it('leaves GraphQL over GET to the API when the client does not ask for HTML', async () => {
    const answer = await get(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { accept: 'application/json', 'x-graphql-csrf': '1' });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body.toString()), { data: { __typename: 'Query' } });
    assert.equal(answer.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
  });
});
