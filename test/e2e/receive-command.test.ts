import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, dataHookOf } from './delivery-fixtures.js';
import { submitDocument, waitUntilStored } from './rejected-support.js';

/** `npm run receive` as a person starts it: its own process, read through what it prints. */
class ReceiveCommand {
  readonly lines: string[] = [];
  private constructor(private readonly child: ChildProcess) {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString('utf8')).split('\n');
      pending = parts.pop()!;
      this.lines.push(...parts);
    });
  }

  static async start(args: string[]): Promise<ReceiveCommand> {
    const command = new ReceiveCommand(spawn(process.execPath, ['scripts/receive.mjs', ...args], { stdio: ['ignore', 'pipe', 'inherit'] }));
    await command.line(/^receiving on http:\/\/127\.0\.0\.1:\d+/);
    return command;
  }

  line(pattern: RegExp): Promise<string> {
    return eventually(() => {
      const found = this.lines.find((line) => pattern.test(line));
      if (!found) throw new Error(`no line matches ${pattern}; got:\n${this.lines.join('\n')}`);
      return found;
    });
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

describe('npm run receive: a local receiver that checks signatures', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  const commands: ReceiveCommand[] = [];

  before(async () => {
    service = await TestService.start(environment, { RETRY_SCHEDULE: '100ms,200ms' });
  });

  after(async () => {
    for (const command of commands) command.stop();
    await service.stop();
    await environment.destroy();
  });

  async function clientReceivedBy(args: (secret: string) => string[]) {
    const port = await freePort();
    const client = await createClient(service, { sandbox: `http://127.0.0.1:${port}/webhook` });
    const command = await ReceiveCommand.start(['--port', String(port), ...args(dataHookOf(client).signingSecret)]);
    commands.push(command);
    return { client, command };
  }

  it('prints each delivery with its verified signature and accepts it', async () => {
    const { client, command } = await clientReceivedBy((secret) => ['--secret', secret]);
    const id = await submitDocument(service, client.id, 'sandbox', { userId: 'user-77' });
    const line = await command.line(new RegExp(id));
    assert.match(line, new RegExp(`${id} type=physical_summary user=user-77 attempt=1 signature=ok -> 200$`));
    await eventually(async () => assert.equal((await service.request('GET', `/webhooks/v1/events/${id}`, { headers: { authorization: `Bearer ${client.apiKey}` } })).body.status, 'Success'));
  });

  it('refuses a delivery signed with another secret', async () => {
    const { client, command } = await clientReceivedBy(() => ['--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']);
    const id = await submitDocument(service, client.id, 'sandbox');
    assert.match(await command.line(new RegExp(`${id}.*attempt=1`)), /signature=BAD -> 401$/);
  });

  it('with --fail-rate 1 fails every delivery, so the document is retried and lands in the rejected bucket', async () => {
    const { client, command } = await clientReceivedBy((secret) => ['--secret', secret, '--fail-rate', '1']);
    const id = await submitDocument(service, client.id, 'sandbox');
    const stored = await waitUntilStored(service, id);
    assert.equal(stored.attempts.length, 3);
    for (const attempt of [1, 2, 3]) assert.match(await command.line(new RegExp(`${id}.*attempt=${attempt} `)), /signature=ok -> 500$/);
  });

  it('refuses to start without a signing secret', async () => {
    const child = spawn(process.execPath, ['scripts/receive.mjs', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /--secret must be the hook's signing secret/);
  });
});
