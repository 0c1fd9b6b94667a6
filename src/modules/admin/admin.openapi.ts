import { ApiRoute } from '../../infrastructure/http/openapi/api-docs.js';
import { AdminLoginDto } from './admin-login.dto.js';

/** OpenAPI of the dashboard's sign-in: the operator token travels in the body, so neither route names a bearer scheme. */

export const DocAdminLogin = () =>
  ApiRoute({
    summary: 'Sign in to the queue dashboard',
    description:
      'Sets a session cookie (HttpOnly, SameSite=Strict, Secure on https) that opens `/admin/queues` until `expiresAt`. A token in the URL is never accepted.',
    status: 200,
    answers: 'signed in: the cookie is set',
    example: { expiresAt: '2026-01-10T20:00:00.000Z' },
    body: { type: AdminLoginDto, example: { token: '<ADMIN_TOKEN>' } },
    errors: { 400: 'token must be a string', 401: 'this is not an operator token', 403: 'the producer token does not open the dashboard' },
  });

export const DocAdminLogout = () =>
  ApiRoute({
    summary: 'Sign out of the queue dashboard',
    description: 'Forgets the cookie in this browser; a copy of it stays valid until it expires or its token leaves `ADMIN_TOKEN`.',
    status: 204,
    answers: 'signed out',
    errors: { 403: 'the producer token reaches only POST /v1/documents, POST /v1/documents/batch and POST /v1/domain-events' },
  });
