/** Runs `task` every `intervalMs` (not before the previous run ended) until stopped; a failed run is logged and retried next time. */
export function every(intervalMs: number, task: () => Promise<unknown>, log: (error: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = task().catch(log).finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
