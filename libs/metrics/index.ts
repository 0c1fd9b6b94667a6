export { GAUGES_LOCK, GaugeBoard } from './gauge-board.js';
export { ScrapedGauge, type GaugeReading } from './scraped-gauge.js';
export { SCRAPE_STATEMENT_TIMEOUT_MS, scrapeQuery } from './scrape-query.js';
export { SharedGauge } from './shared-gauge.js';
export { withTimeout } from './with-timeout.js';
