import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EnvironmentVariables } from '../../src/config/environment-variables.js';
import { TRACING_VARIABLES } from '../../src/config/tracing-config.js';
import { SERVICE_NODE_ARGS } from '../support/service-command.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** What the docs promise is what the code does: they are checked against it, not kept in step by hand. */
describe('documentation', () => {
  it('shows real code: every TypeScript block of the developing guide stands word for word in the file it names', () => {
    const guide = read('docs/DEVELOPING.md');
    const blocks = [...guide.matchAll(/`([\w/.-]+\.ts)`[^`]*?\n```ts\n([\s\S]*?)```/g)];
    assert.ok(blocks.length > 0, 'the guide shows code');
    for (const [, path, code] of blocks) assert.ok(read(path).includes(code), `the block shown from ${path} is not in that file`);
  });

  it('documents in the README exactly the settings the service reads', () => {
    const readme = read('README.md');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)`(?: \/ `([A-Z][A-Z0-9_]+)`)?/gm)].flatMap(([, first, second]) => [first, second].filter(Boolean)));
    const read_ = new Set([...Object.keys(new EnvironmentVariables()), 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'ADMIN_TOKEN', 'PRODUCER_TOKEN', 'S3_SSE', 'ARCHIVE_STORAGE_CLASS', ...TRACING_VARIABLES]);
    const inTableCell = (name: string) => readme.includes(`\`${name}\``);
    for (const name of read_) assert.ok(documented.has(name) || inTableCell(name), `${name} is read but not documented`);
    for (const name of documented) assert.ok(read_.has(name), `${name} is documented but not read`);
  });

  it('runs the service the same way in npm start, the Docker image, the tests and the bench', () => {
    const start = JSON.parse(read('package.json')).scripts.start as string;
    assert.equal(start, ['node', ...SERVICE_NODE_ARGS, 'dist/src/main.js'].join(' '));
    const cmd = /^CMD (\[.*\])$/m.exec(read('docker/Dockerfile'))?.[1];
    assert.deepEqual(cmd && JSON.parse(cmd), ['node', ...SERVICE_NODE_ARGS, 'dist/src/main.js']);
  });
});
