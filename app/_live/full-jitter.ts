/**
 * Exponential backoff with full jitter: a uniformly random wait between 0 and
 * min(capMs, baseMs x 2^attempt), so that thousands of clients dropped by one server restart do not
 * come back in lockstep.
 */
export function fullJitterDelayMs(attempt: number, options: { baseMs: number; capMs: number }, random: () => number = Math.random): number {
  const ceilingMs = Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(attempt, 0), 20));
  return Math.floor(random() * ceilingMs);
}
