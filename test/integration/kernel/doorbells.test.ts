import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestingModule } from '@nestjs/testing';
import { Doorbells } from '../../../libs/kernel/index.js';
import { eventually } from '../../support/eventually.js';
import { TestEnvironment } from '../../support/test-environment.js';
import { compileKernel } from './kernel-harness.js';

const PROBE = 'probe';

describe('doorbells: coalescing rings over real Redis', () => {
  const environment = new TestEnvironment();
  let module: TestingModule;
  let doorbells: Doorbells;

  before(async () => {
    module = await compileKernel(environment, [], [], [], [PROBE]);
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
});
