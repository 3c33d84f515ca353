import pino from 'pino';
import { logLevel } from './env';

/** Structured JSON logs (pino), at the level lib/env.ts reads (LOG_LEVEL; quiet in tests). */
export const log = pino({
  level: logLevel(),
  base: { service: 'live-sportsbook' },
});
