import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A private Redis server on its own port, which a test may kill and restart. */
export class RedisProcess {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await eventually(() => spawnSync('redis-cli', ['-p', String(this.port), 'ping']).stdout?.toString().trim() === 'PONG', 10_000, `redis on ${this.port}`);
  }
  /** Kills the server at once, as a crash would. */
  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}

/** The real server entry (graphql/server.ts) as a child process, API only, which a test may SIGKILL. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';
  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    /** Extra flags for node itself (e.g. --cpu-prof for a benchmark). */
    private readonly nodeArgs: string[] = [],
  ) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** The process id while running (for CPU and memory readings). */
  get pid(): number | undefined {
    return this.child?.pid;
  }
  /** Starts the process and waits until its health answers 200 (up to `timeoutMs`). */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeArgs, '--import', 'tsx', 'graphql/server.ts'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(this.port), WEB: 'off', FEED: 'off', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.child = child;
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited: ${this.output}`);
        return fetch(`${this.url}/api/health`).then((r) => r.ok, () => false);
      },
      timeoutMs,
      'server health',
    );
  }
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
    if (signal === 'SIGKILL') this.child = null;
  }

  /** Resolves with the exit code once the process ends. */
  exited(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }
}
