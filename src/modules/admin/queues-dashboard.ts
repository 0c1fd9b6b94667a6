import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
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
 * in the URL is refused: it would land in proxy logs and browser history.
 */
export function mountQueuesDashboard(app: INestApplication): void {
  const config = app.get(AppConfig);
  const doorbells = app.get(Doorbells);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_DASHBOARD_PATH);
  const board = createBullBoard({ queues: [], serverAdapter });
  // Doorbells open when the kernel boots; list them on first use.
  const refresh = () => board.replaceQueues([...doorbells.all().values()].map((queue) => new BullAdapter(queue)));
  app.use(QUEUES_DASHBOARD_PATH, operatorsOnly(config), (_req: Request, _res: Response, next: NextFunction) => {
    refresh();
    next();
  }, serverAdapter.getRouter());
}

function operatorsOnly(config: AppConfig) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.query.token !== undefined) {
      return refuse(request, response, 401, 'a token in the URL is refused (it lands in logs and history): send Authorization: Bearer <ADMIN_TOKEN> or sign in with POST /admin/login');
    }
    const bearer = bearerToken(request);
    const role = bearer === undefined ? null : staffRole(bearer, config);
    if (role === 'operator') return next();
    if (role === 'producer') return refuse(request, response, 403, 'the producer token does not open the dashboard');
    if (bearer === undefined && isValidAdminSession(sessionCookieOf(request), config.adminTokens)) return next();
    refuse(request, response, 401, 'a valid operator token is required (Authorization: Bearer <ADMIN_TOKEN>, or sign in with POST /admin/login)');
  };
}

/** A browser gets the sign-in form with the 401 (never a redirect); any other client the usual JSON error. */
function refuse(request: Request, response: Response, status: 401 | 403, message: string): void {
  response.status(status).setHeader('cache-control', 'no-store');
  if (status === 401 && request.accepts(['json', 'html']) === 'html') {
    response.type('html').send(SIGN_IN_PAGE);
    return;
  }
  response.json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message });
}
