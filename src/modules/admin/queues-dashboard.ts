import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { Doorbells } from '../../../libs/kernel/index.js';
import { AppConfig } from '../../config/app-config.js';
import { bearerToken } from '../../infrastructure/http/bearer-token.js';
import { staffRole } from '../../infrastructure/http/staff-tokens.js';
import { isValidAdminSession, sessionCookieOf } from './admin-session.js';
import { SIGN_IN_PAGE } from './sign-in-page.js';

export const QUEUES_DASHBOARD_PATH = '/admin/queues';

/**
 * The Bull dashboard of every doorbell (actor mailboxes, the delivery ledger) at /admin/queues, for operators
 * only: an operator token in an `Authorization` header, or the session cookie of POST /admin/login. A token
 * in the URL is refused: it would land in proxy logs and browser history. The check runs for every path under
 * /admin/queues, an unknown one too (its 404 only after it).
 */
export function mountQueuesDashboard(app: NestFastifyApplication): void {
  const config = app.get(AppConfig);
  const doorbells = app.get(Doorbells);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_DASHBOARD_PATH);
  const board = createBullBoard({ queues: [], serverAdapter });
  // Doorbells open when the kernel boots; list them on first use.
  const refresh = () => board.replaceQueues([...doorbells.all().values()].map((queue) => new BullAdapter(queue)));
  void app.getHttpAdapter().getInstance().register(
    async (dashboard) => {
      dashboard.addHook('onRequest', (request, reply, done) => {
        if (refused(request, reply, config)) return;
        refresh();
        done();
      });
      dashboard.setNotFoundHandler((request) => {
        throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
      });
      await dashboard.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUES_DASHBOARD_PATH },
  );
}

/** Answers the request with a 401 or 403 unless an operator sent it; true when it did. */
function refused(request: FastifyRequest, reply: FastifyReply, config: AppConfig): boolean {
  if ((request.query as Record<string, unknown>).token !== undefined) {
    return refuse(request, reply, 401, 'a token in the URL is refused (it lands in logs and history): send Authorization: Bearer <ADMIN_TOKEN> or sign in with POST /admin/login');
  }
  const bearer = bearerToken(request);
  const role = bearer === undefined ? null : staffRole(bearer, config);
  if (role === 'operator') return false;
  if (role === 'producer') return refuse(request, reply, 403, 'the producer token does not open the dashboard');
  if (bearer === undefined && isValidAdminSession(sessionCookieOf(request), config.adminTokens)) return false;
  return refuse(request, reply, 401, 'a valid operator token is required (Authorization: Bearer <ADMIN_TOKEN>, or sign in with POST /admin/login)');
}

/** A browser gets the sign-in form with the 401 (never a redirect); any other client the usual JSON error. */
function refuse(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, message: string): true {
  reply.code(status).header('cache-control', 'no-store');
  if (status === 401 && new Negotiator(request).mediaType(['application/json', 'text/html']) === 'text/html') {
    reply.type('text/html; charset=utf-8').send(SIGN_IN_PAGE);
  } else {
    reply.send({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message });
  }
  return true;
}
