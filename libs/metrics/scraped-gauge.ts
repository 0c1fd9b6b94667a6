import { Gauge } from 'prom-client';

export type GaugeReading<L extends string> = readonly { labels: Record<L, string>; value: number }[];

export interface GaugeConfiguration<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Label sets shown as 0 when no row counts them: an empty state is still a series on a dashboard, not a gap. */
  reportedAlways?: readonly Record<L, string>[];
}

/**
 * A gauge read when Prometheus scrapes, from every source alive in this process (one per running
 * application; a test process may boot several). A source that fails fails the whole gauge for that
 * scrape: the metrics endpoint leaves it out and logs why, rather than show a partial count.
 */
export class ScrapedGauge<L extends string> {
  private readonly sources = new Set<() => Promise<GaugeReading<L>>>();

  constructor({ reportedAlways = [], ...configuration }: GaugeConfiguration<L>) {
    const sources = this.sources;
    new Gauge<L>({
      ...configuration,
      async collect() {
        const readings = await Promise.all([...sources].map((read) => read()));
        this.reset();
        if (sources.size > 0) for (const labels of reportedAlways) this.set(labels, 0);
        for (const { labels, value } of readings.flat()) this.set(labels, value);
      },
    });
  }

  /** Reads the gauge from this source too, until the function returned is called. */
  readFrom(source: () => Promise<GaugeReading<L>>): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }
}
