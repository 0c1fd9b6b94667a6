import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

export const PORTAL_PATH = '/portal';

/** dist/src/modules/portal -> the project root, where portal/static and dist/portal sit. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const STATIC_DIR = join(ROOT, 'portal', 'static');
const SCRIPTS_DIR = join(ROOT, 'dist', 'portal');

/** The browser files of Preact, served from node_modules under the names the page's import map gives them. */
const PREACT_DIR = dirname(createRequire(import.meta.url).resolve('preact/package.json'));
const VENDOR_FILES: Record<string, string> = {
  'preact.js': join(PREACT_DIR, 'dist', 'preact.mjs'),
  'hooks.js': join(PREACT_DIR, 'hooks', 'dist', 'hooks.mjs'),
  'jsx-runtime.js': join(PREACT_DIR, 'jsx-runtime', 'dist', 'jsxRuntime.mjs'),
};

/**
 * The client portal at /portal: a static page, its compiled scripts and Preact, all from this
 * machine. Its data comes from the client API with the API key the person signs in with. Every
 * answer under /portal, a 404 too, carries the security headers.
 */
export function mountPortal(app: NestFastifyApplication): void {
  const page = readFileSync(join(STATIC_DIR, 'index.html'), 'utf8');
  const headers = securityHeaders(page);
  const sendPage = (_request: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  void app.getHttpAdapter().getInstance().register(
    async (portal) => {
      portal.addHook('onRequest', (_request, reply, done) => {
        reply.headers(headers);
        done();
      });
      portal.setNotFoundHandler((request) => {
        throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
      });
      portal.get('/', sendPage);
      portal.get('/index.html', sendPage);
      portal.get<{ Params: { file: string } }>('/vendor/:file', (request, reply) => {
        const file = Object.hasOwn(VENDOR_FILES, request.params.file) ? VENDOR_FILES[request.params.file] : undefined;
        if (!file) return reply.callNotFound();
        return reply.type('text/javascript; charset=utf-8').sendFile(basename(file), dirname(file));
      });
      await portal.register(fastifyStatic, { root: SCRIPTS_DIR, prefix: '/js/', index: false });
      await portal.register(fastifyStatic, { root: STATIC_DIR, index: false, decorateReply: false });
    },
    { prefix: PORTAL_PATH },
  );
}

/**
 * The API key lives in the tab's sessionStorage, so the page allows no script but its own files and its
 * one inline import map (by hash), and talks to no origin but this one.
 */
function securityHeaders(page: string): Record<string, string> {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)?.[1];
  if (importMap === undefined) throw new Error('portal/static/index.html has no import map');
  const hash = createHash('sha256').update(importMap).digest('base64');
  return {
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'self' 'sha256-${hash}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}
