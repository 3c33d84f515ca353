import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { eventually } from './processes';

/** Where Debian keeps the server binaries of the installed major version. */
function serverBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const listed = spawnSync('ls', [root]).stdout?.toString().trim().split('\n').filter(Boolean) ?? [];
  const version = listed.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!version) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, version, 'bin', name);
}

/**
 * A private Postgres cluster on its own port, which a test may stop, kill and start again (the
 * shared server on 5432 must never be restarted by a test). initdb refuses to run as root, so as
 * root the cluster belongs to the `postgres` user and its processes run as that user.
 */
export class PostgresProcess {
  private child: ChildProcess | null = null;
  private readonly dir: string;
  private readonly asRoot = process.getuid?.() === 0;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'sb-pg-'));
  }

  /** Superuser URL of the cluster's `postgres` database. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** URL of a database on this cluster. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** As root, the cluster's processes run as the `postgres` user (spawned with its uid and gid). */
  private get owner(): { uid: number; gid: number } | Record<string, never> {
    if (!this.asRoot) return {};
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    return { uid: id('-u'), gid: id('-g') };
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Creates the cluster on first start, then starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    if (!existsSync(this.dataDir)) {
      const owner = this.owner;
      if ('uid' in owner) chownSync(this.dir, owner.uid, owner.gid);
      chmodSync(this.dir, 0o700);
      const result = spawnSync(serverBin('initdb'), ['-D', this.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync'], { encoding: 'utf8', cwd: this.dir, ...owner });
      if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr}`);
    }
    const args = [
      '-D', this.dataDir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
    ];
    this.child = spawn(serverBin('postgres'), args, { stdio: 'ignore', cwd: this.dir, ...this.owner });
    await eventually(async () => {
      const client = postgres(this.adminUrl, { max: 1, connect_timeout: 1, onnotice: () => {} });
      try {
        await client`select 1`;
        return true;
      } catch {
        return false;
      } finally {
        await client.end({ timeout: 1 });
      }
    }, 20_000, `postgres on ${this.port}`);
  }

  /** Creates a database on the cluster and returns its URL. */
  async createDatabase(name: string): Promise<string> {
    const admin = postgres(this.adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  /**
   * Stops the server: 'fast' is a clean shutdown (clients are disconnected), 'immediate' drops
   * everything as a crash would (recovery runs at the next start).
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The postmaster reads SIGINT as a fast shutdown and SIGQUIT as an immediate one.
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
    this.child = null;
  }

  /** Stops the server and deletes the cluster's files. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}
