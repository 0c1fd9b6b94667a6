// Where a service process's CPU went, from a V8 .cpuprofile (`--cpu-prof`): time by the package that ran it, and the
// inclusive time of the request's own steps (validation, the access log, body parsing). npm run bench:http prints it
// for each profiled run; by hand: node dist/test/bench/profile-summary.js <file.cpuprofile> [fromMicros toMicros].
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Who ran a frame, by its file: first match wins. */
const PACKAGES: [name: string, url: RegExp][] = [
  ['HTTP framework (Fastify)', /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|fast-uri|secure-json-parse|toad-cache|abstract-logging|process-warning|rfdc|@nestjs\/platform-fastify)\//],
  ['HTTP framework (Express)', /node_modules\/(express|body-parser|router|raw-body|iconv-lite|type-is|media-typer|content-type|on-finished|finalhandler|etag|fresh|send|serve-static|path-to-regexp|parseurl|qs|depd|http-errors|statuses|accepts|negotiator|mime-types|encodeurl|escape-html|proxy-addr|forwarded|ipaddr\.js|@nestjs\/platform-express)\//],
  ['Nest core (router, guards, pipes, interceptors)', /node_modules\/@nestjs\/(core|common)\/(?!services\/console-logger)/],
  ['Nest logger', /node_modules\/@nestjs\/common\/services\/console-logger/],
  ['validation (class-validator, class-transformer)', /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//],
  ['TypeORM', /node_modules\/typeorm\//],
  ['pg', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+|pgpass)\//],
  ['Redis, Bull', /node_modules\/(ioredis|bull|redis-parser|cluster-key-slot|denque|standard-as-callback|msgpackr)\//],
  ['other packages', /node_modules\//],
  ['service code (src, libs)', /\/dist\/(src|libs)\//],
  ['Node (http, net, streams, timers…)', /^node:/],
];

/** Steps of a request, timed with everything they call. */
const STEPS: [name: string, matches: (frame: CallFrame) => boolean][] = [
  ['validation pipe (class-transformer, class-validator)', (frame) => frame.functionName === 'transform' && /validation\.pipe\.js$/.test(frame.url)],
  ['access log line (onResponse hook / finish listener)', (frame) => ['logRequest', 'logAnswer'].includes(frame.functionName) || (/express-service\.js$/.test(frame.url) && frame.functionName === '')],
  ['log lines, all (Nest logger, JSON)', (frame) => frame.functionName === 'printMessages' && /console-logger|json-logger/.test(frame.url)],
  ['JSON text to value (JSON.parse, depth check)', (frame) => frame.functionName === 'parseJson' || frame.functionName === 'nestedDeeperThan' || (frame.functionName === 'parse' && /body-parser\/lib\/types\/json\.js$/.test(frame.url))],
  ['guards (tokens)', (frame) => frame.functionName === 'canActivate'],
];

const IDLE = new Set(['(idle)', '(program)']);

export function summarize(profile: CpuProfile, window?: { from: number; to: number }): { busyMicros: number; packages: Map<string, number>; steps: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const packageOf = (node: ProfileNode) => {
    const { functionName, url } = node.callFrame;
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (!url) return /^(writev|writeBuffer|write\w*String|read|readv)$/.test(functionName) ? 'socket and file writes and reads' : 'V8 and Node natives';
    return PACKAGES.find(([, pattern]) => pattern.test(url))?.[0] ?? 'other';
  };
  const stepsOf = new Map<number, string[]>();
  const stepsFor = (id: number): string[] => {
    let steps = stepsOf.get(id);
    if (steps) return steps;
    const node = byId.get(id)!;
    const above = parent.has(id) ? stepsFor(parent.get(id)!) : [];
    const own = STEPS.filter(([, matches]) => matches(node.callFrame)).map(([name]) => name);
    steps = own.length === 0 ? above : [...new Set([...above, ...own])];
    stepsOf.set(id, steps);
    return steps;
  };
  const packages = new Map<string, number>();
  const steps = new Map<string, number>();
  let busyMicros = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (window && (at < window.from || at > window.to)) return;
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) return;
    busyMicros += delta;
    const name = packageOf(node);
    packages.set(name, (packages.get(name) ?? 0) + delta);
    for (const step of stepsFor(id)) steps.set(step, (steps.get(step) ?? 0) + delta);
  });
  return { busyMicros, packages, steps };
}

/**
 * The summary as lines: shares of the samples. With `cpuPerRequest` (µs of CPU per request measured from /proc), each
 * share is also put in µs per request: a profile's samples count the time a thread waited for a core too, so their
 * own sum says little on a busy machine, while the shares hold.
 */
export function describe(profile: CpuProfile, window?: { from: number; to: number }, cpuPerRequest?: number): string[] {
  const { busyMicros, packages, steps } = summarize(profile, window);
  const line = (name: string, micros: number) =>
    `  ${name.padEnd(52)} ${((100 * micros) / busyMicros).toFixed(1).padStart(5)} %${cpuPerRequest ? `  ≈ ${((cpuPerRequest * micros) / busyMicros).toFixed(0).padStart(4)} µs/request` : ''}`;
  return [
    `${(busyMicros / 1e6).toFixed(2)} s of samples${cpuPerRequest ? `, shares of ${cpuPerRequest.toFixed(0)} µs CPU per request` : ''}; by package (self time):`,
    ...[...packages.entries()].sort((a, b) => b[1] - a[1]).map(([name, micros]) => line(name, micros)),
    'by step (with what it calls):',
    ...STEPS.map(([name]) => line(name, steps.get(name) ?? 0)),
  ];
}

if (process.argv[1]?.endsWith('profile-summary.js') && process.argv[2]) {
  const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as CpuProfile;
  const [from, to] = process.argv.slice(3, 5).map(Number);
  console.log(describe(profile, from && to ? { from, to } : undefined).join('\n'));
}
