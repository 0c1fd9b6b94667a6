// An OTLP/HTTP endpoint in its own process for the tracing phase: it takes every export and counts it.
// GET /stats: requests and bytes received.
import { createServer } from 'node:http';

let requests = 0;
let bytes = 0;

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests, bytes }));
    return;
  }
  request.on('data', (chunk: Buffer) => (bytes += chunk.length));
  request.on('end', () => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on('disconnect', () => process.exit(0));
