import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { GaugeReading } from './scraped-gauge.js';
import { SCRAPE_STATEMENT_TIMEOUT_MS } from './scrape-query.js';
import type { SharedGauge } from './shared-gauge.js';
import { withTimeout } from './with-timeout.js';

/** Any number on this key works, as long as every process of a deployment uses the same one. */
export const GAUGES_LOCK = 716_201_906;
/** Readings older than this many intervals are left out: no process is counting any more. */
const STALE_AFTER_INTERVALS = 5;
/** A scrape reads the table at most this often; the gauges of one scrape share one read. */
const READ_CACHE_MS = 250;
/** A count that takes longer is given up (the last reading stays): counting must never pile up behind a lock. */
const COUNT_TIMEOUT_MS = 5_000;

interface Counted {
  gauge: SharedGauge<string>;
  count: () => Promise<GaugeReading<string>>;
}

/**
 * The counts behind the shared gauges. Every interval, whichever process takes the lock first counts each gauge
 * once and writes the readings to `metric_samples`; every process's scrapes read that table. So counting costs one
 * process per interval, whatever the number of processes and scrapes.
 */
export class GaugeBoard {
  private readonly logger = new Logger('GaugeBoard');
  private readonly counted: Counted[] = [];
  private readonly stops: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private cache?: { at: number; readings: Promise<Map<string, GaugeReading<string>>> };

  constructor(
    private readonly dataSource: DataSource,
    private readonly intervalMs: number,
  ) {}

  /** `count` is run by one process per interval; every process reports its latest readings on `gauge`. */
  count<L extends string>(gauge: SharedGauge<L>, count: () => Promise<GaugeReading<L>>): void {
    this.counted.push({ gauge, count } as Counted);
    this.stops.push(gauge.readFrom((name) => this.reading(name)));
  }

  start(): void {
    this.timer = setInterval(() => void this.pass(), this.intervalMs);
    void this.pass();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const stop of this.stops.splice(0)) stop();
    await this.running;
  }

  /** One counting pass, unless another process holds the lock or a pass of this one is under way. */
  pass(): Promise<void> {
    this.running ??= this.countAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async countAll(): Promise<void> {
    try {
      await this.dataSource.transaction(async (tx) => {
        const [{ locked }]: { locked: boolean }[] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [GAUGES_LOCK]);
        if (!locked) return;
        await tx.query(`SET LOCAL statement_timeout = ${COUNT_TIMEOUT_MS}`);
        for (const { gauge, count } of this.counted) {
          const readings = await this.countWithin(gauge, count);
          if (readings === undefined) continue;
          await tx.query(
            `INSERT INTO metric_samples (gauge, readings, read_at) VALUES ($1, $2::json, now())
             ON CONFLICT (gauge) DO UPDATE SET readings = EXCLUDED.readings, read_at = EXCLUDED.read_at`,
            [gauge.name, JSON.stringify(readings)],
          );
        }
      });
      this.cache = undefined;
    } catch (error) {
      this.logger.warn(`counting the shared gauges failed, the last readings stay: ${(error as Error).message}`);
    }
  }

  private async reading(gauge: string): Promise<GaugeReading<string> | undefined> {
    if (!this.cache || Date.now() - this.cache.at > READ_CACHE_MS) this.cache = { at: Date.now(), readings: this.readAll() };
    return (await this.cache.readings).get(gauge);
  }

  private async readAll(): Promise<Map<string, GaugeReading<string>>> {
    const rows: { gauge: string; readings: GaugeReading<string> }[] = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL statement_timeout = ${SCRAPE_STATEMENT_TIMEOUT_MS}`);
      return tx.query(`SELECT gauge, readings FROM metric_samples WHERE read_at > now() - $1 * interval '1 millisecond'`, [STALE_AFTER_INTERVALS * this.intervalMs]);
    });
    return new Map(rows.map((row) => [row.gauge, row.readings]));
  }

  /**
   * A count that fails or does not answer in time keeps its last reading; the others are written. A count from Redis
   * (the doorbells') would otherwise wait as long as Redis is away, with this pass's transaction open and a stop
   * waiting behind it.
   */
  private async countWithin(gauge: SharedGauge<string>, count: () => Promise<GaugeReading<string>>): Promise<GaugeReading<string> | undefined> {
    try {
      return await withTimeout(count(), COUNT_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`counting ${gauge.name} failed, its last reading stays: ${(error as Error).message}`);
      return undefined;
    }
  }
}
