// Shared by the benches: load processes driven over stdin/stdout (one JSON line per answer),
// polling, the server's Prometheus metrics, what code the run measured, and writing the results.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A load process (`node --import tsx <script>`): commands are lines on stdin, each answered by one JSON line. */
export class LoadProcess {
  private readonly child: ChildProcess;
  private buffer = '';
  private readonly waiting: Array<(line: string) => void> = [];

  constructor(script: string, args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 1);
        this.waiting.shift()?.(line);
      }
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends a line that has no answer. */
  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** Sends a command and resolves with its JSON answer. */
  request<T>(line: string): Promise<T> {
    return new Promise<T>((resolve) => {
      this.waiting.push((answer) => resolve(JSON.parse(answer) as T));
      this.send(line);
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** Polls until check holds; on timeout the error says what was awaited and, given progress, how far it got. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, progress?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}${progress ? ` (reached ${JSON.stringify(await progress())})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Writes a run's figures to e2e/bench/results/<bench>-<time>.json, with the code they measured, and says where. */
export function writeResults(bench: string, figures: Record<string, unknown>): void {
  const dir = fileURLToPath(new URL('./results', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ ...figures, code: codeState() }, null, 2));
  console.log(`\nwrote ${file}`);
}

/** Runs a bench's main and exits: with process.exitCode (0 unless main set it) when it finished, 1 (with the error) when it failed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The metrics token the benches give the servers they start (METRICS_TOKEN, or one made up for the
 * run): /metrics refuses callers without it in production (docs/decisions/0018).
 */
export const METRICS_TOKEN = process.env.METRICS_TOKEN ?? `bench-${process.pid}-${Date.now()}`;

/** The server's /metrics as `name{labels}` → value (labels exactly as printed). */
export async function scrapeMetrics(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}: is the server's METRICS_TOKEN the bench's?`);
  const text = await response.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** The commit the run measured and which of the server's files differed from it (others edit concurrently). */
export function codeState(): { commit: string; uncommitted: string[] } {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).stdout.toString().trim();
  const uncommitted = spawnSync('git', ['status', '--porcelain', '--', 'graphql', 'lib', 'db'], { cwd: root })
    .stdout.toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
  return { commit, uncommitted };
}

/** Splits n into `parts` near-equal whole numbers. */
export function split(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

/**
 * A Chrome DevTools Protocol session with a process started with `--inspect=<host:port>`: forces
 * a full garbage collection and reads process.memoryUsage(), so live memory can be told from garbage.
 */
export class Inspector {
  private next = 1;
  private readonly pending = new Map<number, (message: { result?: any; error?: unknown }) => void>();
  private constructor(private readonly socket: import('ws').WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.id !== undefined) this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const { default: WebSocket } = await import('ws');
    let targets: Array<{ webSocketDebuggerUrl: string }> = [];
    await waitFor(async () => {
      targets = await fetch(`http://127.0.0.1:${port}/json/list`).then((r) => r.json(), () => []);
      return targets.length > 0;
    }, 30_000, 'inspector');
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new Inspector(socket);
  }

  call<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (message) => (message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result as T)));
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Full GC, then memory as the process sees it (MiB). */
  async collectedMemory(): Promise<{ rssMiB: number; heapUsedMiB: number; externalMiB: number; arrayBuffersMiB: number }> {
    await this.call('HeapProfiler.collectGarbage');
    const { result } = await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const m = JSON.parse(result.value as string);
    const mib = (n: number) => n / 1024 / 1024;
    return { rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed), externalMiB: mib(m.external), arrayBuffersMiB: mib(m.arrayBuffers) };
  }

  close(): void {
    this.socket.close();
  }
}

/** Asks a server started with --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir> for a heap snapshot and waits until the file is complete. */
export async function heapSnapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  let file = '';
  await waitFor(() => {
    file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f)) ?? '';
    return file !== '';
  }, 120_000, 'heap snapshot file');
  let size = -1;
  await waitFor(() => {
    const now = statSync(join(dir, file)).size;
    const stable = now === size && now > 0;
    size = now;
    return stable;
  }, 600_000, 'heap snapshot written');
  return join(dir, file);
}
