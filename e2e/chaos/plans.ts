import type { ChaosPlan } from './run';

const EVERY_FAULT = ['kill-one', 'kill-both', 'redis', 'terminate', 'postgres'] as const;

/** The form in `npm test`: every fault, a lighter load, well under three minutes on a quiet machine. */
export const BOUNDED: ChaosPlan = {
  name: 'bounded',
  users: 24,
  userThinkMs: 1000,
  traderIntervalMs: 400,
  warmupMs: 6000,
  steadyMs: 4000,
  outageMs: 3000,
  recoveryTimeoutMs: 30_000,
  drainTimeoutMs: 30_000,
  faults: [...EVERY_FAULT],
  feed: true,
  feedTickMs: 1000,
  inplayDelayMs: 1000,
};

/** The form of `npm run chaos`: 50 bettors, about 90 s of mixed load through every fault. */
export const LONG: ChaosPlan = {
  name: 'long',
  users: 50,
  userThinkMs: 700,
  traderIntervalMs: 300,
  warmupMs: 15_000,
  steadyMs: 12_000,
  outageMs: 4000,
  recoveryTimeoutMs: 60_000,
  drainTimeoutMs: 60_000,
  faults: [...EVERY_FAULT],
  feed: true,
  feedTickMs: 1000,
  inplayDelayMs: 1000,
};
