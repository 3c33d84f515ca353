import { z } from 'zod';

/** Thrown when configuration is invalid; its message names every offending variable. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .refine((v) => /^\d+$/.test(v), { message: 'must be a whole number' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` });

const money = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v))
    .refine((v) => /^\d{1,13}(\.\d{1,2})?$/.test(v), { message: 'must be a positive amount such as "10.00"' })
    .transform((v) => {
      const [whole, fraction = ''] = v.split('.');
      return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
    })
    .refine((minor) => minor > 0n, { message: 'must be more than zero' });

const nodeEnv = z.enum(['development', 'production', 'test']).default('development');
/** pino's levels; unset means `warn` under NODE_ENV=test and `info` otherwise (see logLevel). */
const logLevelSetting = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional();

const schema = z
  .object({
    NODE_ENV: nodeEnv,
    /** How much the process logs (pino's levels). */
    LOG_LEVEL: logLevelSetting,
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PORT: integer(3000, 0, 65535),
    DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
    /** Postgres connections per instance (ignored for the embedded database). */
    DATABASE_POOL_SIZE: integer(20, 1, 200),
    /**
     * How the pool recovers after Postgres drops its sessions or restarts
     * (docs/decisions/0010-postgres-recovery-and-readiness.md), in milliseconds; 0 turns one off
     * (not the connect timeout).
     */
    DATABASE_CONNECT_TIMEOUT_MS: integer(5000, 500, 120_000),
    DATABASE_IDLE_TIMEOUT_MS: integer(60_000, 0, 24 * 60 * 60 * 1000),
    DATABASE_MAX_LIFETIME_MS: integer(30 * 60_000, 0, 24 * 60 * 60 * 1000),
    DATABASE_RECONNECT_MAX_MS: integer(1000, 50, 60_000),
    DATABASE_STATEMENT_TIMEOUT_MS: integer(15_000, 0, 60 * 60 * 1000),
    /** How long a readiness ping (Postgres, Redis) may take before the dependency counts as down. */
    HEALTH_TIMEOUT_MS: integer(1000, 100, 30_000),
    /** The Retry-After (seconds) sent with SERVICE_UNAVAILABLE while the database or Redis cannot serve. */
    UNAVAILABLE_RETRY_AFTER_SECONDS: integer(2, 1, 300),
    REDIS_URL: optionalUrl(['redis://', 'rediss://']),
    /** Namespace for Redis channels and keys, so several deployments (or test runs) can share a server. */
    REDIS_PREFIX: z.string().trim().regex(/^[a-z0-9:_-]*$/i, 'letters, digits, : _ - only').default('sb:'),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    FEED: z.enum(['simulated', 'off']).default('simulated'),
    /** `off` serves only the API (GraphQL, WebSockets, health), without the web app. */
    WEB: z.enum(['on', 'off']).default('on'),
    /** How often the simulator advances its matches, in milliseconds. */
    FEED_TICK_MS: integer(1000, 50, 60_000),
    /** How many times faster than real time simulated matches run (1 is real time). */
    FEED_MATCH_SPEED: integer(4, 1, 1000),
    AUTH_SECRET: z.string().optional().transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' }),
    TRADER_USERNAME: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '3 to 32 letters, digits, _ . -').default('trader'),
    TRADER_PASSWORD: z.string().optional().transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 8, { message: 'must be at least 8 characters' }),
    INPLAY_DELAY_MS: integer(3000, 0, 60_000),
    /** Smallest and largest stake of one bet, and the most one bet may pay out. */
    STAKE_MIN: money('0.10'),
    STAKE_MAX: money('1000.00'),
    MAX_PAYOUT: money('100000.00'),
    /** A new account's daily deposit limit. */
    DEPOSIT_LIMIT_DEFAULT: money('5000.00'),
    /** The house's margin on cashout values, in basis points (500 = 5%). */
    CASHOUT_MARGIN_BPS: integer(500, 0, 5000),
    /** At most one live cashout offer per bet per this many milliseconds. */
    CASHOUT_OFFER_THROTTLE_MS: integer(1000, 0, 60_000),
    /** How long cashout offers that were not accepted are kept after they expire (then pruned). */
    CASHOUT_OFFER_RETENTION_MS: integer(60 * 60 * 1000, 0, 30 * 24 * 60 * 60 * 1000),
    /** How long published bet updates stay resumable (`betUpdated(after:)`); older cursors are refused. */
    OUTBOX_RETENTION_MS: integer(24 * 60 * 60 * 1000, 60_000, 30 * 24 * 60 * 60 * 1000),
    /** GraphQL operations per minute per user or API key, and per address when anonymous. */
    RATE_LIMIT_PER_MINUTE: integer(1200, 1, 10_000_000),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: integer(600, 1, 10_000_000),
    /** Largest request body accepted, in bytes. */
    MAX_BODY_BYTES: integer(1024 * 1024, 1024, 64 * 1024 * 1024),
    /** Bets one user may place per minute. */
    BET_RATE_PER_MINUTE: integer(120, 1, 100_000),
    PLACEMENT_BATCH_MAX: integer(64, 1, 1_000),
    /** Failed sign-ins allowed per 15 minutes, per username and per address. */
    SIGNIN_FAILURES_PER_USERNAME: integer(10, 1, 10_000),
    SIGNIN_FAILURES_PER_ADDRESS: integer(50, 1, 100_000),
    /** Cashout quotes per minute per user, and per user and bet. */
    CASHOUT_REQUESTS_PER_MINUTE: integer(300, 1, 100_000),
    CASHOUT_REQUESTS_PER_BET_PER_MINUTE: integer(60, 1, 100_000),
    /** New deposit requests per minute per user (replays of an idempotency key do not count). */
    DEPOSITS_PER_MINUTE: integer(30, 1, 100_000),
    /** How long a token from signIn or signUp stays valid (and the session cookie with it). */
    TOKEN_TTL_SECONDS: integer(12 * 60 * 60, 1, 30 * 24 * 60 * 60),
    /**
     * How often each instance reads new revocations (revoked keys, signed-out tokens) from the
     * database, beside receiving them through pub/sub: the bound on how long a lost message can
     * keep a revoked credential working.
     */
    REVOCATION_POLL_MS: integer(2000, 100, 60_000),
    /**
     * The bearer token /metrics asks for. Unset, /metrics is open outside production (development,
     * tests) and refused in production: operators' figures are not for everyone.
     */
    METRICS_TOKEN: z.string().optional().transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || (v.length >= 16 && /^[\x21-\x7e]+$/.test(v)), { message: 'must be at least 16 visible ASCII characters (no spaces)' }),
    /** GraphiQL page loads per minute per address (IPv4 address or IPv6 /64); its assets may be fetched ten times that. */
    GRAPHIQL_PER_MINUTE: integer(30, 1, 100_000),
    /**
     * Bytes a WebSocket may have waiting to be sent before its reader counts as stopped: the socket
     * is then cut off (1013) and its subscriptions released.
     */
    WS_SEND_BUFFER_BYTES: integer(1024 * 1024, 16 * 1024, 64 * 1024 * 1024),
    /** `on` lets webhooks target loopback (http://localhost, 127.0.0.1) for development; refused in production. */
    WEBHOOK_ALLOW_LOOPBACK: z.enum(['on', 'off']).default('off'),
    /**
     * Comma-separated origins (scheme://host[:port]) allowed to call the API from a browser (CORS)
     * and to open WebSockets, besides the server's own.
     */
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v, ctx) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((origin) => {
            const normal = normalOrigin(origin);
            if (!normal) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin such as https://partner.example (no "*", path or credentials)` });
            return normal ?? '';
          }),
      ),
  })
  .superRefine((env, ctx) => {
    if (env.STAKE_MIN > env.STAKE_MAX) ctx.addIssue({ code: 'custom', path: ['STAKE_MIN'], message: 'must not exceed STAKE_MAX' });
    // A shared database means shared deployments: secrets must be chosen, not defaulted.
    if (env.DATABASE_URL && !env.AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'is required when DATABASE_URL is set' });
    }
    if (env.WEBHOOK_ALLOW_LOOPBACK === 'on' && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_ALLOW_LOOPBACK'], message: 'is for development and cannot be on in production' });
    }
    if (env.DATABASE_URL && !env.TRADER_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['TRADER_PASSWORD'], message: 'is required when DATABASE_URL is set' });
    }
  });

export type Env = z.infer<typeof schema>;

/**
 * The origin of an http(s) URL that is nothing but an origin (`https://host[:port]`), in the form
 * browsers send it (lowercase host, default port dropped); null for anything else.
 */
export function normalOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' || !/^https?:\/\/[^/]+\/?$/i.test(text)) return null;
  return url.origin;
}

/**
 * The log level, read on its own because the log exists before configuration is loaded: LOG_LEVEL,
 * or `warn` in tests and `info` otherwise. An invalid value counts as unset here (loadEnv refuses it).
 */
export function logLevel(source: Record<string, string | undefined> = process.env): string {
  const level = logLevelSetting.safeParse(source.LOG_LEVEL);
  if (level.success && level.data) return level.data;
  return nodeEnv.safeParse(source.NODE_ENV).data === 'test' ? 'warn' : 'info';
}

/** Parses and validates configuration once; throws EnvError naming each bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`));
  }
  return result.data;
}
