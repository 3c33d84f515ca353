import { test } from 'node:test';
import assert from 'node:assert/strict';

// The module reads the page's load state from `document` and `window`; a page that has loaded is
// enough here (the browser tests run it in Chromium, before and after load).
const reported: unknown[] = [];
Object.assign(globalThis, { document: { readyState: 'complete' }, window: { addEventListener() {} }, reportError: (error: unknown) => reported.push(error) });
const { afterHydration, whenSettled } = await import('./after-hydration');

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await tick();
}

test('queued jobs run in order, each in a task of its own, none in the task that queued them', async () => {
  const ran: string[] = [];
  let task = 0;
  const counter = setInterval(() => task++, 0);
  const tasks: number[] = [];
  for (const name of ['a', 'b', 'c']) afterHydration(() => (ran.push(name), tasks.push(task)));
  assert.deepEqual(ran, []);
  await until(() => ran.length === 3);
  clearInterval(counter);
  assert.deepEqual(ran, ['a', 'b', 'c']);
  assert.equal(new Set(tasks).size, 3, `three separate tasks, got ${tasks.join(', ')}`);
});

test('a settled job waits for every job queued before it runs, including jobs queued while the queue drains', async () => {
  const ran: string[] = [];
  afterHydration(() => {
    ran.push('subscribe 1');
    afterHydration(() => ran.push('subscribe 3, queued while draining'));
  });
  whenSettled(() => ran.push('connect'));
  afterHydration(() => ran.push('subscribe 2'));
  await until(() => ran.length === 4);
  assert.deepEqual(ran, ['subscribe 1', 'subscribe 2', 'subscribe 3, queued while draining', 'connect']);
});

test('a cancelled job never runs, and a job that throws is reported and does not hold back the rest', async () => {
  const ran: string[] = [];
  afterHydration(() => {
    throw new Error('broken job');
  });
  const cancel = afterHydration(() => ran.push('cancelled'));
  afterHydration(() => ran.push('after'));
  cancel();
  await until(() => ran.length === 1);
  await tick();
  assert.deepEqual(ran, ['after']);
  assert.deepEqual(reported.map((error) => (error as Error).message), ['broken job']);
});
