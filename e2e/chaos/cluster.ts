import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../../db/client';
import { PostgresProcess } from '../support/postgres-process';
import { freePort, RedisProcess, ServerProcess } from '../support/processes';

/** The application name of the harness's own Postgres sessions, which a fault spares. */
const HARNESS = 'chaos-harness';

/** An instance of the cluster: its server process and the application name of its Postgres sessions. */
export interface Instance {
  name: string;
  server: ServerProcess;
  /** False between a kill and the restart. */
  up: boolean;
  /** Unexpected exits (a crash rather than a kill by the test), with the end of its output. */
  crashes: Array<{ atMs: number; tail: string }>;
  /** Stretches when it was down (killed or crashed, until it was healthy again); toMs is null while down. */
  downtime: Array<{ fromMs: number; toMs: number | null }>;
}

/**
 * Two real server instances (graphql/server.ts as child processes, feed simulator on, in-play delay
 * 1 s) on a private Postgres cluster and a private Redis, all started here, so the test may kill,
 * stop and restart any of them. The lease history is recorded by a trigger on `leases`.
 */
export class ChaosCluster {
  readonly instances: Instance[] = [];
  readonly postgres: PostgresProcess;
  readonly redis: RedisProcess;
  databaseUrl = '';
  private admin: postgres.Sql | null = null;
  private stopping = false;
  private readonly onSignal = () => void this.stop().finally(() => process.exit(130));

  private constructor(postgresPort: number, redisPort: number) {
    this.postgres = new PostgresProcess(postgresPort);
    this.redis = new RedisProcess(redisPort);
  }

  /** Starts Postgres, Redis and two instances; `feed` runs the simulator on both (one drives it, by lease). */
  static async start(options: { feed: boolean; inplayDelayMs: number; feedTickMs: number }): Promise<ChaosCluster> {
    const cluster = new ChaosCluster(await freePort(), await freePort());
    await cluster.postgres.start();
    await cluster.redis.start();
    cluster.databaseUrl = await cluster.postgres.createDatabase('chaos');
    // Migrate first and record every lease term from the very first one.
    const opened = await openDatabase({ url: cluster.databaseUrl, dataDir: '.data' });
    await opened.close();
    await cluster.sql().unsafe(`
      create table chaos_lease_terms (name text not null, epoch bigint not null, holder text not null, at timestamptz not null);
      create function chaos_log_term() returns trigger language plpgsql as $$
        begin insert into chaos_lease_terms values (new.name, new.epoch, new.holder, clock_timestamp()); return null; end $$;
      create trigger chaos_lease_terms after insert or update of epoch on leases for each row execute function chaos_log_term();`);
    const env = {
      DATABASE_URL: cluster.databaseUrl,
      REDIS_URL: cluster.redis.url,
      REDIS_PREFIX: 'chaos:',
      AUTH_SECRET: randomBytes(32).toString('hex'),
      TRADER_PASSWORD: 'trader-password',
      FEED: options.feed ? 'simulated' : 'off',
      FEED_TICK_MS: String(options.feedTickMs),
      INPLAY_DELAY_MS: String(options.inplayDelayMs),
      BET_RATE_PER_MINUTE: '100000',
      DEPOSIT_LIMIT_DEFAULT: '100000.00',
      // Lease terms are logged at info; the run reads them back. In production mode the server logs
      // the error behind every masked one, so the report can say what reached clients.
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    };
    for (const name of ['chaos-a', 'chaos-b']) {
      // PGAPPNAME names the instance's Postgres sessions (those it does not name itself), for a post-mortem.
      const server = new ServerProcess(await freePort(), { ...env, PGAPPNAME: name });
      cluster.instances.push({ name, server, up: false, crashes: [], downtime: [] });
    }
    // Interrupted, the run still takes its processes down with it.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, cluster.onSignal);
    await Promise.all(cluster.instances.map((instance) => cluster.startInstance(instance)));
    return cluster;
  }

  /** A superuser connection to the chaos database (reconnects by itself after a restart). */
  sql(): postgres.Sql {
    return (this.admin ??= postgres(this.databaseUrl, { max: 2, onnotice: () => {}, connect_timeout: 2, idle_timeout: 5, connection: { application_name: HARNESS } }));
  }

  /** Starts (or restarts) an instance and waits until it is healthy; a slow machine gets two minutes. */
  async startInstance(instance: Instance): Promise<void> {
    await instance.server.start(120_000);
    instance.up = true;
    const open = instance.downtime.at(-1);
    if (open && open.toMs === null) open.toMs = Date.now();
    const started = instance.server;
    // An exit the test did not cause is a crash: recorded, and the instance is marked down.
    void started.exited().then(() => {
      if (!instance.up || this.stopping) return;
      instance.up = false;
      instance.downtime.push({ fromMs: Date.now(), toMs: null });
      instance.crashes.push({ atMs: Date.now(), tail: started.output.split('\n').filter((l) => !l.includes('"msg":"request"')).slice(-8).join('\n') });
    });
  }

  /** kill -9 of an instance, as a crash would. */
  kill(instance: Instance): void {
    if (instance.up) instance.downtime.push({ fromMs: Date.now(), toMs: null });
    instance.up = false;
    instance.server.kill('SIGKILL');
  }

  /**
   * Ends every session of the instances in Postgres (pg_terminate_backend): every client session on
   * the chaos database but the harness's own (the instances may name their sessions as they like).
   * Returns how many.
   */
  async terminateBackends(): Promise<number> {
    const rows = await this.sql()`
      select pg_terminate_backend(pid) as ended from pg_stat_activity
      where datname = 'chaos' and backend_type = 'client backend' and pid <> pg_backend_pid() and application_name <> ${HARNESS}`;
    return rows.filter((r) => r.ended).length;
  }

  /** Postgres's deadlock counter for the chaos database. */
  async deadlocks(): Promise<number> {
    const [row] = await this.sql()`select deadlocks::int as n from pg_stat_database where datname = 'chaos'`;
    return row.n;
  }

  /**
   * The errors the instances logged, by kind, most frequent first: yoga's ERR blocks (the error
   * behind a masked answer: its first line and the first frame in this project's code) and pino's
   * error and fatal lines.
   */
  loggedErrors(): Array<{ message: string; count: number }> {
    const counts = new Map<string, number>();
    const add = (message: string) => counts.set(message, (counts.get(message) ?? 0) + 1);
    for (const instance of this.instances) {
      // Yoga colours its ERR prefix.
      const lines = instance.server.output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
      lines.forEach((line, i) => {
        if (/^ERR\b/.test(line)) {
          const frame = lines.slice(i + 1, i + 80).find((l) => /^\s+at .*\/(lib|graphql|db)\//.test(l) && !l.includes('node_modules'));
          add(`${line.slice(0, 90)}${frame ? ` … ${frame.trim().replace(/\(.*\/(lib|graphql|db)\//, '($1/').replace(/ \{$/, '')}` : ''}`);
        } else if (line.startsWith('{') && /"level":(50|60)/.test(line)) {
          try {
            const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
            add(`${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`.slice(0, 160));
          } catch {
            add(line.slice(0, 160));
          }
        }
      });
    }
    return [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
  }

  /** Writes each instance's whole output (every restart) to `dir`, for a post-mortem. */
  saveLogs(dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    return this.instances.map((instance) => {
      const file = join(dir, `${instance.name}.log`);
      writeFileSync(file, instance.server.output);
      return file;
    });
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, this.onSignal);
    for (const instance of this.instances) this.kill(instance);
    await this.admin?.end({ timeout: 1 }).catch(() => {});
    this.redis.kill();
    await this.postgres.destroy();
  }
}
