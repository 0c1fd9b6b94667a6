// `npm run receive -- --secret whsec_… [--port 4000] [--fail-rate 0.5]`
// A webhook receiver on loopback for trying the service out: it checks each delivery's Standard Webhooks
// signature with the `standardwebhooks` library and prints one line per delivery. It answers 200, 401 when the
// signature does not verify, or 500 for the share of deliveries given by --fail-rate (to watch retries).
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const USAGE = 'usage: npm run receive -- --secret whsec_… [--port 4000] [--fail-rate 0.5]';

function options() {
  const { values } = parseArgs({
    options: { secret: { type: 'string' }, port: { type: 'string', default: '4000' }, 'fail-rate': { type: 'string', default: '0' } },
  });
  const port = Number(values.port);
  const failRate = Number(values['fail-rate']);
  if (!values.secret?.startsWith('whsec_')) throw new Error('--secret must be the hook\'s signing secret (whsec_…)');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
  if (!(failRate >= 0 && failRate <= 1)) throw new Error('--fail-rate must be between 0 and 1');
  return { webhook: new Webhook(values.secret), port, failRate };
}

/** id, type, user and the attempt, from a data or a notification delivery. */
function describe(headers, body) {
  let json = {};
  try {
    json = JSON.parse(body);
  } catch {
    /* not JSON: described by its headers only */
  }
  const user = json.user_id ?? json.data?.user_id ?? '-';
  return `${headers['webhook-id'] ?? '-'} type=${json.type ?? '-'} user=${user} attempt=${headers['x-delivery-attempt'] ?? headers['x-notification-attempt'] ?? '-'}`;
}

function verified(webhook, headers, body) {
  try {
    webhook.verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

let settings;
try {
  settings = options();
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const { webhook, port, failRate } = settings;

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const signatureOk = verified(webhook, request.headers, body);
    const status = !signatureOk ? 401 : Math.random() < failRate ? 500 : 200;
    console.log(`${new Date().toISOString()} ${describe(request.headers, body)} signature=${signatureOk ? 'ok' : 'BAD'} -> ${status}`);
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'refused');
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`receiving on http://127.0.0.1:${server.address().port} (fail rate ${failRate}); Ctrl-C to stop`);
});
process.on('SIGINT', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
