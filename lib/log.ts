import pino from 'pino';

/** Structured JSON logs (pino). Quiet in tests unless LOG_LEVEL says otherwise. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { service: 'live-sportsbook' },
});
