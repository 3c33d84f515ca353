import { performance } from 'node:perf_hooks';

/** A task run repeatedly by `every`. */
export interface Repeating {
  /**
   * Runs the task as soon as the run in flight (if any) has ended, and resolves when that run has
   * ended. Calls made while a run waits share it. After `stop` it runs nothing and resolves at once.
   */
  now(): Promise<void>;
  /** Runs nothing more and resolves once the run in flight (and one asked for by `now`) has ended. */
  stop(): Promise<void>;
}

export interface EveryOptions {
  /**
   * `gap` (the default): the next run starts `intervalMs` after the previous one ended. `rate`: it
   * starts `intervalMs` after the previous one started (at once when the run took longer), for a
   * steady pace such as a feed tick or a lease renewal.
   */
  pace?: 'gap' | 'rate';
  /** Runs the first time at once rather than after one interval. */
  immediately?: boolean;
}

/**
 * The one scheduler of background work: runs `task` every `intervalMs` until stopped, never two runs
 * at once. A failed run is handed to `onError` and the task runs again at the next interval. Its
 * timers are unref'd: background work alone does not keep a process alive.
 */
export function every(intervalMs: number, task: () => Promise<unknown>, onError: (error: unknown) => void, options: EveryOptions = {}): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let asked: Promise<void> | null = null;

  const schedule = (startedMs: number) => {
    if (stopped || asked || timer) return;
    const delayMs = options.pace === 'rate' ? Math.max(0, intervalMs - (performance.now() - startedMs)) : intervalMs;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };
  const run = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const startedMs = performance.now();
    const current: Promise<void> = (async () => {
      try {
        await task();
      } catch (error) {
        onError(error);
      }
    })().finally(() => {
      if (running === current) running = null;
      schedule(startedMs);
    });
    running = current;
    return current;
  };

  if (options.immediately) run();
  else schedule(performance.now());

  return {
    now() {
      if (stopped) return Promise.resolve();
      if (!running) return run();
      asked ??= running.then(() => {
        asked = null;
        return stopped ? undefined : run();
      });
      return asked;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
      await asked;
      await running;
    },
  };
}
