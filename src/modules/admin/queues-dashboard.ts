import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Mailboxes } from '../../../libs/kernel/index.js';
import { AppConfig } from '../../config/app-config.js';
import { bearerToken, sameSecret } from '../../infrastructure/http/bearer-token.js';

export const QUEUES_DASHBOARD_PATH = '/admin/queues';

/**
 * The Bull dashboard of every actor mailbox at /admin/queues, behind the operator token.
 * A browser cannot send a bearer header, so the token is also accepted once as `?token=`
 * and then kept in an HttpOnly cookie scoped to the dashboard.
 */
export function mountQueuesDashboard(app: INestApplication): void {
  const config = app.get(AppConfig);
  const mailboxes = app.get(Mailboxes);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_DASHBOARD_PATH);
  const board = createBullBoard({ queues: [], serverAdapter });
  // Mailboxes open when the kernel boots; list them on first use.
  const refresh = () => board.replaceQueues([...mailboxes.all().values()].map((queue) => new BullAdapter(queue)));
  app.use(QUEUES_DASHBOARD_PATH, operatorOnly(config.adminToken), (_req: Request, _res: Response, next: NextFunction) => {
    refresh();
    next();
  }, serverAdapter.getRouter());
}

function operatorOnly(adminToken: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    const fromQuery = typeof request.query.token === 'string' ? request.query.token : undefined;
    const fromCookie = /(?:^|;\s*)queues_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const token = bearerToken(request) ?? fromQuery ?? (fromCookie ? decodeURIComponent(fromCookie) : undefined);
    if (!token || !sameSecret(token, adminToken)) {
      response.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'a valid operator token is required' });
      return;
    }
    if (fromQuery) {
      response.cookie('queues_token', token, { httpOnly: true, sameSite: 'strict', path: QUEUES_DASHBOARD_PATH });
    }
    next();
  };
}
