import type { Runtime } from './runtime';

// Only type imports here: pages import this file, and Next must not bundle the database client.
const SHARED = Symbol.for('live-sportsbook.runtime');
type Holder = { [SHARED]?: Runtime };

/**
 * Next bundles server components separately from the custom server, so module-level singletons
 * would exist twice. The server registers its runtime here and pages read the same one.
 */
export function shareRuntime(runtime: Runtime | undefined): void {
  (globalThis as Holder)[SHARED] = runtime;
}

/** The runtime the server registered; throws when pages run without the custom server. */
export function sharedRuntime(): Runtime {
  const runtime = (globalThis as Holder)[SHARED];
  if (!runtime) throw new Error('The runtime is not started: run the app with `npm start` (graphql/server.ts).');
  return runtime;
}
