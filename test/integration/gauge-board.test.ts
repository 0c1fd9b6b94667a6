import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { GaugeBoard, SharedGauge } from '../../libs/metrics/index.js';
import { apiServiceDuringTests } from '../support/api-service.js';
import { eventually } from '../support/eventually.js';

describe('shared gauges when one count never answers', () => {
  const service = apiServiceDuringTests();

  it('writes the other counts and gives that one up, keeping its last reading, so a pass and a stop end', async () => {
    const dataSource = service().app.get(DataSource);
    // A count that never answers, as the doorbells' counts from Redis did while Redis was away.
    const silent = new SharedGauge({ name: 'test_gauge_silent', help: 'never answers', labelNames: [] });
    const answering = new SharedGauge({ name: 'test_gauge_answering', help: 'answers at once', labelNames: [] });
    const board = new GaugeBoard(dataSource, 60_000);
    board.count(silent, () => new Promise(() => undefined));
    board.count(answering, async () => [{ labels: {}, value: 7 }]);

    // The service's own board may hold the counting lock at one pass: then this pass counts nothing, and the next does.
    await eventually(
      async () => {
        await board.pass();
        const rows: { gauge: string; readings: unknown }[] = await dataSource.query(`SELECT gauge, readings FROM metric_samples WHERE gauge LIKE 'test_gauge_%'`);
        assert.deepEqual(rows, [{ gauge: 'test_gauge_answering', readings: [{ labels: {}, value: 7 }] }]);
      },
      { timeoutMs: 60_000 },
    );
    await board.stop();
  });
});
