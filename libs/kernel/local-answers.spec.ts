import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalAnswers } from './local-answers.js';

/** A handler whose runs the test lets finish one by one. */
function heldHandler() {
  const runs: { data: unknown; finish: (error?: Error) => void }[] = [];
  const handle = (data: unknown) =>
    new Promise<void>((resolve, reject) => runs.push({ data, finish: (error) => (error ? reject(error) : resolve()) }));
  return { runs, handle };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const noHandBack = (error: Error) => assert.fail(`handed back: ${error.message}`);

describe('LocalAnswers', () => {
  it('takes nothing for a doorbell this process does not answer', () => {
    assert.equal(new LocalAnswers<unknown>().take('elsewhere', 'hook-1', {}, noHandBack), false);
  });

  it('coalesces rings whose run has not started, and starts another run for a ring made while one runs', async () => {
    const answers = new LocalAnswers<unknown>();
    const { runs, handle } = heldHandler();
    answers.answer('delivery', 4, handle);
    assert.equal(answers.take('delivery', 'hook-1', { hookId: 'hook-1' }, noHandBack), true);
    assert.equal(answers.take('delivery', 'hook-1', { hookId: 'hook-1' }, noHandBack), true);
    await turn();
    assert.equal(runs.length, 1, 'two rings before the run started: one run');
    assert.equal(answers.take('delivery', 'hook-1', { hookId: 'hook-1' }, noHandBack), true);
    await turn();
    assert.equal(runs.length, 2, 'a ring while the first run goes on (it may have read the rows already): a run of its own');
    answers.take('delivery', 'hook-2', { hookId: 'hook-2' }, noHandBack);
    await turn();
    assert.deepEqual(
      runs.map(({ data }) => data),
      [{ hookId: 'hook-1' }, { hookId: 'hook-1' }, { hookId: 'hook-2' }],
    );
    for (const run of runs) run.finish();
  });

  it('leaves a ring beyond its concurrency, or after stop, to Redis; stop waits for the runs going on', async () => {
    const answers = new LocalAnswers<unknown>();
    const { runs, handle } = heldHandler();
    answers.answer('delivery', 2, handle);
    assert.equal(answers.take('delivery', 'a', {}, noHandBack), true);
    assert.equal(answers.take('delivery', 'b', {}, noHandBack), true);
    assert.equal(answers.take('delivery', 'c', {}, noHandBack), false);
    await turn();
    runs[0].finish();
    await turn();
    assert.equal(answers.take('delivery', 'c', {}, noHandBack), true, 'a finished run made room');
    await turn();
    let stopped = false;
    const stopping = answers.stop().then(() => (stopped = true));
    assert.equal(answers.take('delivery', 'd', {}, noHandBack), false);
    await turn();
    assert.equal(stopped, false, 'two runs still going on');
    runs[1].finish();
    runs[2].finish();
    await stopping;
  });

  it('hands a failed run back, to be rung through Redis', async () => {
    const answers = new LocalAnswers<unknown>();
    const { runs, handle } = heldHandler();
    answers.answer('delivery', 1, handle);
    const handedBack: string[] = [];
    answers.take('delivery', 'a', {}, (error) => handedBack.push(error.message));
    await turn();
    runs[0].finish(new Error('PostgreSQL away'));
    await turn();
    assert.deepEqual(handedBack, ['PostgreSQL away']);
    assert.equal(answers.take('delivery', 'a', {}, noHandBack), true, 'its slot is free again');
    await turn();
    runs[1].finish();
  });
});
