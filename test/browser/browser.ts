import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where a failing browser test leaves a screenshot of what the page showed (git-ignored). */
export const FAILURE_SCREENSHOTS = 'test-results/screenshots';

/** Flags of @sparticuz/chromium meant for AWS Lambda that a test should not run with: a browser as a person's. */
const LAMBDA_ONLY = new Set(['--single-process', '--no-zygote', '--disable-web-security', '--allow-running-insecure-content']);
/** This machine has no outside network: keep Chromium from calling home. */
const OFFLINE = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** Chromium as shipped inside the @sparticuz/chromium npm package, headless, driven by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  const args = [...chromium.args.filter((arg) => !LAMBDA_ONLY.has(arg)), ...OFFLINE];
  return playwright.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

export const PHONE = { width: 390, height: 844 };

/**
 * A test with a fresh browser context (its own sessionStorage); when it fails, a full-page
 * screenshot is saved under test-results/screenshots before the error is reported.
 */
export function browserTest(name: string, browser: () => Browser, body: (page: Page, context: BrowserContext) => Promise<void>): void {
  test(name, async () => {
    const context = await browser().newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    try {
      await body(page, context);
    } catch (error) {
      await mkdir(FAILURE_SCREENSHOTS, { recursive: true });
      const file = join(FAILURE_SCREENSHOTS, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  });
}
