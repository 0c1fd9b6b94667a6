import { Gauge } from 'prom-client';
import type { GaugeConfiguration, GaugeReading } from './scraped-gauge.js';

/** What a shared gauge reads at a scrape: the latest readings of one board, or nothing while none is fresh. */
export type SharedReadings = (gauge: string) => Promise<GaugeReading<string> | undefined>;

/**
 * A gauge of counts that one process counts per interval (a `GaugeBoard`) and every process reports as read from
 * PostgreSQL: a scrape costs one read of a small table, never a count over the rows themselves.
 */
export class SharedGauge<L extends string> {
  private readonly boards = new Set<SharedReadings>();
  readonly name: string;

  constructor({ reportedAlways = [], ...configuration }: GaugeConfiguration<L>) {
    this.name = configuration.name;
    const boards = this.boards;
    const name = this.name;
    new Gauge<L>({
      ...configuration,
      async collect() {
        const readings = (await Promise.all([...boards].map((read) => read(name)))).filter((reading) => reading !== undefined);
        this.reset();
        if (readings.length > 0) for (const labels of reportedAlways) this.set(labels, 0);
        for (const { labels, value } of readings.flat()) this.set(labels as Record<L, string>, value);
      },
    });
  }

  /** Reports the readings of this board too, until the function returned is called. */
  readFrom(board: SharedReadings): () => void {
    this.boards.add(board);
    return () => this.boards.delete(board);
  }
}
