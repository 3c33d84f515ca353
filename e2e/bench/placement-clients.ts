// The load process of the placement bench: C clients, each a signed-in bettor on its own kept-alive
// HTTP connection (node:http, the cheapest client Node has, so the load costs the shared cores as
// little as it can), placing singles back to back until the time is up.
// Config: a JSON file (argv[2]) { urls, tokens, selectionIds }. Commands on stdin, each answered by
// one JSON line: `run <clients> <seconds> <tag> [url]` answers { placed, refused, latencies, cpuSeconds };
// with a url, every client posts there instead (the bench's floor server).
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { onStdinLines } from './stdin-lines';

interface Config {
  /** Server instances; client i uses urls[i % urls.length]. */
  urls: string[];
  tokens: string[];
  selectionIds: string[];
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config;
const targets = config.urls.map((url) => new URL('/graphql', url));
const PLACE = `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.00" }], stake: "1.00", idempotencyKey: $k, oddsChangePolicy: ANY }) { __typename } }`;

function post(target: URL, agent: Agent, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(clients: number, seconds: number, tag: string, url?: string) {
  const to = url ? [new URL(url)] : targets;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let placed = 0;
  let refused = 0;
  const cpu0 = process.cpuUsage();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    config.tokens.slice(0, clients).map(async (token, i) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const body = JSON.stringify({ query: PLACE, variables: { s: config.selectionIds[(i + n) % config.selectionIds.length], k: `${tag}-${i}-${n}` } });
        const t = performance.now();
        // A kept-alive connection the server closed while idle fails once; the same idempotency key makes the retry safe.
        const target = to[i % to.length];
        const response = await post(target, agent, token, body).catch(() => post(target, agent, token, body));
        latencies.push(performance.now() - t);
        if ((JSON.parse(response.text) as { data?: { placeBet?: { __typename?: string } } }).data?.placeBet?.__typename === 'BetPlaced') placed += 1;
        else refused += 1;
      }
    }),
  );
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  return { placed, refused, latencies, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

onStdinLines((line) => {
  const [command, clients, seconds, tag, url] = line.split(' ');
  if (command === 'run') {
    void run(Number(clients), Number(seconds), tag, url).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
  }
});
