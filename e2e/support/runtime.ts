import { after, before } from 'node:test';
import { createEvent } from '../../lib/markets/create-event';
import { getMarketsByEvent } from '../../lib/markets/read-markets';
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

const WINNER = { name: 'Winner', selections: [{ name: 'Alder', odds: 180 }, { name: 'Birch', odds: 210 }] };

/** A live event Alder v Birch made through the runtime (odds in hundredths), with its markets as read back. */
export async function createLiveTestEvent(runtime: Runtime, markets: Array<{ name: string; selections: Array<{ name: string; odds: number }> }> = [WINNER]) {
  const created = await createEvent(runtime, { sport: 'football', home: 'Alder', away: 'Birch', startsAt: new Date(), live: true, markets });
  if (!created.ok) throw new Error(`createEvent failed: ${created.message}`);
  return { eventId: created.value.id, markets: (await getMarketsByEvent(runtime.db, [created.value.id])).get(created.value.id)! };
}
