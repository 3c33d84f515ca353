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

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PORT: integer(3000, 0, 65535),
    DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
    REDIS_URL: optionalUrl(['redis://', 'rediss://']),
    /** Namespace for Redis channels and keys, so several deployments (or test runs) can share a server. */
    REDIS_PREFIX: z.string().trim().regex(/^[a-z0-9:_-]*$/i, 'letters, digits, : _ - only').default('sb:'),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    FEED: z.enum(['simulated', 'off']).default('simulated'),
    /** How often the simulator advances its matches, in milliseconds. */
    FEED_TICK_MS: integer(1000, 50, 60_000),
    AUTH_SECRET: z.string().optional().transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' }),
    TRADER_USERNAME: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '3 to 32 letters, digits, _ . -').default('trader'),
    TRADER_PASSWORD: z.string().optional().transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 8, { message: 'must be at least 8 characters' }),
    INPLAY_DELAY_MS: integer(3000, 0, 60_000),
    /** Comma-separated origins allowed to open WebSockets besides the server's own. */
    ALLOWED_ORIGINS: z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  })
  .superRefine((env, ctx) => {
    // A shared database means shared deployments: secrets must be chosen, not defaulted.
    if (env.DATABASE_URL && !env.AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'is required when DATABASE_URL is set' });
    }
    if (env.DATABASE_URL && !env.TRADER_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['TRADER_PASSWORD'], message: 'is required when DATABASE_URL is set' });
    }
  });

export type Env = z.infer<typeof schema>;

/** Parses and validates configuration once; throws EnvError naming each bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`));
  }
  return result.data;
}
