// A webhook receiver in its own process, so it does not share an event loop with the service.
// POST /ok/... answers 200, /fail/... 500, /gone/... 410, /hang/... never. GET /stats: counts per path and, per path,
// [sentAt, ingest->receipt ms] of each document whose data carries the time it was posted (sentAt).
import { createServer } from 'node:http';

let received = 0;
let failed = 0;
let byPath: Record<string, number> = {};
let samples: Record<string, [number, number][]> = {};

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received, failed, byPath, samples }));
    return;
  }
  if (request.method === 'POST' && request.url === '/reset') {
    [received, failed, byPath, samples] = [0, 0, {}, {}];
    response.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const path = request.url ?? '/';
    if (path.startsWith('/hang')) return;
    if (path.startsWith('/fail') || path.startsWith('/gone')) {
      failed++;
      response.writeHead(path.startsWith('/gone') ? 410 : 500).end();
      return;
    }
    received++;
    byPath[path] = (byPath[path] ?? 0) + 1;
    const sentAt = (JSON.parse(Buffer.concat(chunks).toString()) as { data?: { sentAt?: number } }).data?.sentAt;
    if (typeof sentAt === 'number') (samples[path] ??= []).push([sentAt, Date.now() - sentAt]);
    response.writeHead(200).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as { port: number }).port });
});
process.on('disconnect', () => process.exit(0));
