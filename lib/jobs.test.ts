import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { JOBS, startJobs, type Job } from './jobs';
import type { Runtime } from './runtime';

const child = fileURLToPath(new URL('../e2e/support/lifecycle-child.ts', import.meta.url));

describe('background jobs (startJobs)', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it('starts every job, stops them in the reverse order, and leaves no timer or connection behind: the process ends by itself', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, database.url], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => (stdout += chunk));
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    const exit = await new Promise<number | 'still running'>((resolve) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        resolve('still running');
      }, 120_000);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    assert.equal(exit, 0, `the lifecycle process ended with ${exit}: ${stderr}`);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { started: string[]; stopped: string[]; left: string[] };
    assert.deepEqual(report.started, JOBS.map((job) => job.name));
    assert.deepEqual(report.stopped, [...report.started].reverse());
    assert.deepEqual(report.left, [], 'timers and connections made after start that were never closed');
  });

  it('stops the jobs already started, in reverse, when one fails to start', async () => {
    const events: string[] = [];
    const job = (name: string): Job => ({ name, start: () => (events.push(`start ${name}`), { stop: async () => void events.push(`stop ${name}`) }) });
    const failing: Job = { name: 'broken', start: () => Promise.reject(new Error('cannot start')) };
    await assert.rejects(startJobs({} as Runtime, [job('first'), job('second'), failing, job('never')]), /cannot start/);
    assert.deepEqual(events, ['start first', 'start second', 'stop second', 'stop first']);
  });

  it('runs a job only on instances it is meant for', async () => {
    const jobs = await startJobs({} as Runtime, [
      { name: 'everywhere', start: () => ({ stop() {} }) },
      { name: 'nowhere', runs: () => false, start: () => assert.fail('started a job that does not run here') },
    ]);
    assert.deepEqual(jobs.names, ['everywhere']);
    assert.deepEqual(await jobs.stop(), ['everywhere']);
  });
});
