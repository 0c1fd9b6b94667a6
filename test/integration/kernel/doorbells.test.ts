import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestingModule } from '@nestjs/testing';
import { Doorbells } from '../../../libs/kernel/index.js';
import { eventually } from '../../support/eventually.js';
import { TestEnvironment } from '../../support/test-environment.js';
import { compileKernel } from './kernel-harness.js';

const PROBE = 'probe';
const LOCAL = 'local';

describe('doorbells: coalescing rings over real Redis', () => {
  const environment = new TestEnvironment();
  let module: TestingModule;
  let doorbells: Doorbells;

  before(async () => {
    module = await compileKernel(environment, [], [], [], [PROBE, LOCAL]);
    await module.init();
    doorbells = module.get(Doorbells);
  });

  after(async () => {
    await module.close();
    await environment.destroy();
  });

  const dueNow = (jobId: string) => doorbells.ringNow(PROBE, [{ jobId, data: {}, coalesce: 'now' }]);

  it('answers a ring made while a job rung for the same reason runs, and every ring after it', async () => {
    const answered: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    doorbells.answer(PROBE, 1, async () => {
      answered.push(new Date().toISOString());
      if (answered.length === 1) await firstHeld;
    });

    assert.equal(await dueNow('same-reason'), true);
    await eventually(() => assert.equal(answered.length, 1));
    // The first job has started (its mark is gone) and still runs: the same reason rings again, as a publisher
    // of the same event twice would; that ring must stand for a job that really waits.
    assert.equal(await dueNow('same-reason'), true);
    releaseFirst();
    await eventually(() => assert.equal(answered.length, 2));
    assert.equal(await dueNow('another-reason'), true);
    await eventually(() => assert.equal(answered.length, 3));
  });

  it('runs a "due now" ring of a doorbell this process answers here, without a job in Redis, while it has room', async () => {
    const queue = doorbells.open(LOCAL);
    const jobsAdded = async () => Number((await queue.client.get(queue.toKey('id'))) ?? 0);
    const answered: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    doorbells.answer(LOCAL, 1, async (data) => {
      answered.push(String(data.hookId));
      await held;
    });

    try {
      doorbells.ring(LOCAL, [{ jobId: 'hook-1:first', data: { hookId: 'hook-1' }, coalesce: 'hook-1' }]);
      await eventually(() => assert.deepEqual(answered, ['hook-1']));
      assert.equal(await jobsAdded(), 0, 'answered here: no job added to Redis');

      // Its one run is busy: the next ring is Redis's, and a job runs it once the run here is done.
      doorbells.ring(LOCAL, [{ jobId: 'hook-2:first', data: { hookId: 'hook-2' }, coalesce: 'hook-2' }]);
      await eventually(async () => assert.equal(await jobsAdded(), 1));
    } finally {
      release();
    }
    await eventually(() => assert.deepEqual(answered, ['hook-1', 'hook-2']));
  });
});
