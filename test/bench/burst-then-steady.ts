// A burst, then the steady load right after it, then single ingest, as a production service gets them: no pause, no
// drain and no warm-up between them. Each figure is printed beside the raw limit of the same run and its target (#20).
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { count, CpuMeter, percentile, PRODUCER, waitFor } from './harness.js';
import { DRAIN_MS, documentFor, measurePipeline, type Bench, type PipelineFigures } from './phases.js';

export interface LoadSettings {
  /** The burst: documents ingested in batches of 1,000 as fast as the API takes them. */
  documents: number;
  steadyRate: number;
  steadySeconds: number;
  singleSeconds: number;
  /** Which of the three run (BENCH_PHASES); they always run in this order. */
  run: { pipeline: boolean; steady: boolean; single: boolean };
}

/** CPU µs per document (or per request): the service's processes and PostgreSQL's processes for its database. */
export interface Cpu {
  service: number;
  postgres: number;
}

export interface SteadyFigures {
  rate: number;
  seconds: number;
  /** Ingest->receipt over the whole phase, ms. */
  p50: number;
  p99: number;
  max: number;
  /** p99 of the documents posted in each second of the phase, ms. */
  p99PerSecond: number[];
  /** p99 of the time to the 202 answer of the requests posted in each second, ms: where ingest, not delivery, holds a document. */
  answerP99PerSecond: number[];
  errors: string[];
  /** From the first post until the last document arrived, per document. */
  cpu: Cpu;
  /** When the first document was posted. */
  startedAt: number;
}

export interface SingleIngestFigures {
  /** Documents accepted per second over 32 connections. */
  rate: number;
  accepted: number;
  errors: string[];
  /** Per request, over the seconds of posting (the deliveries running beside them). */
  perRequest: Cpu;
  /** Per document, from the first post until every one was delivered. */
  perDelivered: Cpu;
}

export interface LoadFigures {
  pipeline?: PipelineFigures;
  steady?: SteadyFigures;
  single?: SingleIngestFigures;
  /** Peak RSS of each service process since it started, MiB. */
  rssMiB: number[];
}

/** Issue 20's targets. */
export const TARGETS = { endToEnd: 0.25, single: 0.15, p99Ms: 100, rssMiB: 300, serviceUs: 150, postgresUs: 120, statements: 2 };

const delivered = (bench: Bench, clientId: string) => count(bench.db, `SELECT count(*) FROM documents WHERE client_id = $1 AND status = 'Success'`, [clientId]);
const perDocument = (seconds: { service: number; postgres: number }, documents: number): Cpu => ({
  service: (1e6 * seconds.service) / Math.max(1, documents),
  postgres: (1e6 * seconds.postgres) / Math.max(1, documents),
});

/** The burst, the steady load the moment its last document is delivered, then single ingest; `stage` names the run in the receiver's paths. */
export async function burstThenSteady(bench: Bench, stage: string, settings: LoadSettings): Promise<LoadFigures> {
  const pipeline = settings.run.pipeline ? await measurePipeline(bench, settings.documents) : undefined;
  const steady = settings.run.steady ? await measureSteady(bench, stage, settings.steadyRate, settings.steadySeconds) : undefined;
  const single = settings.run.single ? await measureSingleIngest(bench, settings.singleSeconds) : undefined;
  return { pipeline, steady, single, rssMiB: bench.service.peakRssMiBEach() };
}

/** One document per request at a steady rate; ingest->receipt measured by the receiver, bucketed by the second it was posted in. */
export async function measureSteady(bench: Bench, stage: string, ratePerSecond: number, seconds: number): Promise<SteadyFigures> {
  const { service } = bench;
  const path = `/ok/steady-${stage.replaceAll(/\W+/g, '-')}`;
  const { clientId } = await service.createClient(`${bench.receiverUrl}${path}`);
  const agent = new Agent({ connections: 64, pipelining: 1 });
  const total = ratePerSecond * seconds;
  const errors: string[] = [];
  const meter = await CpuMeter.start(service, bench.db);
  const started = Date.now();
  const secondOf = (at: number) => Math.min(seconds - 1, Math.floor((at - started) / 1000));
  const pending: Promise<void>[] = [];
  const answers = Array.from({ length: seconds }, () => [] as number[]);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const sentAt = Date.now();
    const body = JSON.stringify(documentFor(clientId, i, { sentAt }));
    pending.push(
      request(`${service.url}/v1/documents`, { method: 'POST', headers: PRODUCER, body, dispatcher: agent })
        .then(async (response) => {
          await response.body.dump();
          answers[secondOf(sentAt)].push(Date.now() - sentAt);
          if (response.statusCode !== 202) errors.push(`status ${response.statusCode}`);
        })
        .catch((error: Error) => void errors.push(error.message)),
    );
  }
  await Promise.all(pending);
  await agent.close();
  const samples = await waitFor('the steady documents to arrive', DRAIN_MS, async () => {
    const stats = (await (await fetch(`${bench.receiverUrl}/stats`)).json()) as { samples: Record<string, [number, number][]> };
    const arrived = stats.samples[path] ?? [];
    return arrived.length >= total - errors.length ? arrived : undefined;
  });
  const cpu = perDocument(meter.stop(), samples.length);
  const latencies = samples.map(([, ms]) => ms);
  const bySecond = Array.from({ length: seconds }, () => [] as number[]);
  for (const [sentAt, ms] of samples) bySecond[secondOf(sentAt)].push(ms);
  return {
    rate: ratePerSecond,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    p99PerSecond: bySecond.map((second) => percentile(second, 99)),
    answerP99PerSecond: answers.map((second) => percentile(second, 99)),
    errors,
    cpu,
    startedAt: started,
  };
}

/** Single documents over 32 connections as fast as they are answered, while their delivery runs; returns once they are delivered. */
export async function measureSingleIngest(bench: Bench, seconds: number): Promise<SingleIngestFigures> {
  const { service } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/ok/single`);
  const agent = new Agent({ connections: 32, pipelining: 1 });
  let accepted = 0;
  const errors: string[] = [];
  const meter = await CpuMeter.start(service, bench.db);
  const until = Date.now() + seconds * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 32 }, async (_, lane) => {
      for (let i = 0; Date.now() < until; i++) {
        try {
          const response = await request(`${service.url}/v1/documents`, { method: 'POST', headers: PRODUCER, body: JSON.stringify(documentFor(clientId, lane * 1_000_000 + i)), dispatcher: agent });
          await response.body.dump();
          if (response.statusCode === 202) accepted++;
          else errors.push(`status ${response.statusCode}`);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  const rate = (accepted * 1000) / (Date.now() - t0);
  const perRequest = perDocument(meter.read(), accepted + errors.length);
  await agent.close();
  await waitFor('the single documents to be delivered', DRAIN_MS, async () => (await delivered(bench, clientId)) >= accepted);
  return { rate, accepted, errors, perRequest, perDelivered: perDocument(meter.stop(), accepted) };
}

const us = ({ service, postgres }: Cpu) => `service ${service.toFixed(0)} µs, PostgreSQL ${postgres.toFixed(0)} µs`;
const firstError = (errors: string[]) => (errors[0] ? ` (first: ${errors[0]})` : '');

/** Prints every figure of the run, each target MET or MISSED beside the raw limit; `stage` says which ledger (empty, loaded). */
export function reportLoad(bench: Bench, stage: string, figures: LoadFigures): void {
  const raw = bench.raw;
  console.log(`${stage}: raw limit of this run ${raw.toFixed(0)} POST/s`);
  const { pipeline, steady, single } = figures;
  if (pipeline) {
    const { rate, cpu } = pipeline;
    console.log(
      `${stage}: pipeline: ${pipeline.documents} documents ingested in ${pipeline.ingestedMs} ms, delivered and recorded in ${pipeline.elapsedMs} ms; attempts recorded: ${pipeline.attempts}`,
    );
    bench.target(`${stage}: end to end ${rate.toFixed(0)} documents/s = ${(rate / raw).toFixed(3)} of the raw limit (target ≥ ${TARGETS.endToEnd})`, rate / raw >= TARGETS.endToEnd);
    bench.target(`${stage}: service CPU ${cpu.service.toFixed(0)} µs per delivered document (target ≤ ${TARGETS.serviceUs})`, cpu.service <= TARGETS.serviceUs);
    bench.target(`${stage}: PostgreSQL CPU ${cpu.postgres.toFixed(0)} µs per delivered document (target ≤ ${TARGETS.postgresUs})`, cpu.postgres <= TARGETS.postgresUs);
    bench.target(
      `${stage}: ${pipeline.statementsPerDocument.toFixed(2)} SQL statements per delivered document, transactions included (target ≤ ${TARGETS.statements})`,
      pipeline.statementsPerDocument <= TARGETS.statements,
    );
  }
  if (steady) {
    const when = pipeline
      ? `starting ${steady.startedAt - pipeline.deliveredAt} ms after the bench saw the burst's last document delivered`
      : 'NOT after a burst (the pipeline phase did not run)';
    const worst = Math.max(...steady.p99PerSecond);
    console.log(`${stage}: steady ${steady.rate}/s for ${steady.seconds} s, ${when}: CPU per document (its ingest and delivery) ${us(steady.cpu)}`);
    console.log(`${stage}: steady p99 ingest->receipt per second of the phase: ${steady.p99PerSecond.join(', ')} ms`);
    console.log(`${stage}: steady p99 of the 202 answer per second of the phase: ${steady.answerP99PerSecond.join(', ')} ms`);
    bench.target(
      `${stage}: steady ${steady.rate}/s ingest->receipt p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms over the phase; worst second's p99 ${worst} ms; ${steady.errors.length} errors${firstError(steady.errors)} (target p99 < ${TARGETS.p99Ms} ms in every second, no error)`,
      worst < TARGETS.p99Ms && steady.errors.length === 0,
    );
  }
  if (single) {
    console.log(`${stage}: single ingest CPU per request ${us(single.perRequest)} (while posting, deliveries beside); per document until delivered ${us(single.perDelivered)}`);
    bench.target(
      `${stage}: single ingest ${single.rate.toFixed(0)} accepted/s over 32 connections = ${(single.rate / raw).toFixed(3)} of the raw limit, ${single.errors.length} errors${firstError(single.errors)} (target ≥ ${TARGETS.single}, no error)`,
      single.rate / raw >= TARGETS.single && single.errors.length === 0,
    );
  }
  const each = figures.rssMiB.length > 1 ? ` (each process: ${figures.rssMiB.map((mib) => mib.toFixed(0)).join(', ')} MiB)` : '';
  const peak = Math.max(...figures.rssMiB);
  bench.target(`${stage}: service peak RSS ${peak.toFixed(0)} MiB since it started${each} (target < ${TARGETS.rssMiB})`, peak < TARGETS.rssMiB);
}
