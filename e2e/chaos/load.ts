import type { Instance } from './cluster';
import type { MarketBoard } from './markets';
import type { Traffic } from './traffic';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A random element, or undefined for an empty list. */
export const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
export const chance = (p: number) => Math.random() < p;

/** What the load needs: the instances (only those up are used), the traffic log and the board. */
export interface LoadContext {
  instances: Instance[];
  traffic: Traffic;
  board: MarketBoard;
}

/** Counts of what the load did (answers only; failures are in the traffic log). */
export class LoadStats {
  readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
}

/** The up instances, `preferred` first. */
export function endpoints(ctx: LoadContext, preferred: number): Array<{ name: string; url: string }> {
  const up = ctx.instances.filter((i) => i.up);
  const first = ctx.instances[preferred % ctx.instances.length];
  return (first.up ? [first, ...up.filter((i) => i !== first)] : up).map((i) => ({ name: i.name, url: i.server.url }));
}
