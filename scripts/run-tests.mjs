// Runs the compiled tests with node's test runner. Usage: node scripts/run-tests.mjs [unit|integration|e2e|property|browser]...
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const TIERS = {
  unit: { roots: ['dist/src', 'dist/libs'], suffix: '.spec.js' },
  integration: { roots: ['dist/test/integration'], suffix: '.test.js' },
  e2e: { roots: ['dist/test/e2e'], suffix: '.test.js' },
  browser: { roots: ['dist/test/browser'], suffix: '.test.js' },
  property: { roots: ['dist/test/property'], suffix: '.test.js' },
};

function find(dir, suffix) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}

const tiers = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(TIERS);
const files = tiers.flatMap((tier) => {
  const spec = TIERS[tier];
  if (!spec) throw new Error(`unknown test tier ${tier}; use ${Object.keys(TIERS).join(', ')}`);
  return spec.roots.flatMap((root) => find(root, spec.suffix)).sort();
});
if (tiers.includes('browser')) {
  // Unpack the Chromium of @sparticuz/chromium once, before test files running side by side each ask for it.
  const { default: chromium } = await import('@sparticuz/chromium');
  await chromium.executablePath();
}
if (files.length === 0) {
  console.error('no test files found: run the build first');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import=reflect-metadata', '--test', '--test-concurrency=2', '--test-timeout=180000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
