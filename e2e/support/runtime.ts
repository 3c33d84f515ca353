import { after, before } from 'node:test';
import { createRuntime, type Runtime } from '../../lib/runtime';
import { createTestDatabase, testEnv, type TestDatabase } from './services';

/**
 * A runtime on a fresh database for the tests of one suite: made before them, closed and dropped
 * after them. Read `.runtime` inside tests.
 */
export function useTestRuntime(overrides: Record<string, string> = {}): { readonly runtime: Runtime } {
  let database: TestDatabase | undefined;
  let runtime: Runtime | undefined;
  before(async () => {
    database = await createTestDatabase();
    runtime = await createRuntime(testEnv(database.url, overrides));
  });
  after(async () => {
    await runtime?.close();
    await database?.drop();
  });
  return {
    get runtime() {
      if (!runtime) throw new Error('the test runtime is not started yet');
      return runtime;
    },
  };
}
