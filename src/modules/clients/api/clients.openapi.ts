import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../infrastructure/http/openapi/examples.js';
import { CreateClientDto } from './dto/create-client.dto.js';
import { HookLimitsDto } from './dto/hook-limits.dto.js';
import { PutHookDto } from './dto/hook-params.dto.js';
import { RotateApiKeyDto, RotateSecretDto } from './dto/rotation.dto.js';

/** OpenAPI of the clients and registrations routes: what each answers, with examples. */

const HOOK = {
  id: EXAMPLE.hookId,
  environment: 'sandbox',
  kind: 'data',
  url: 'https://acme.example/sbx/data',
  status: 'Active',
  consecutiveFailures: 0,
  pausedUntil: null,
  rateLimit: null,
  maxInFlight: 32,
  ordering: 'none',
  updatedAt: EXAMPLE.createdAt,
};
const WITH_SECRET = { ...HOOK, signingSecret: EXAMPLE.signingSecret };

export const DocCreateClient = () =>
  ApiRoute({
    summary: 'Create a client and its hooks',
    description: 'The API key is in this answer only: it is stored hashed.',
    status: 201,
    answers: 'the client, its API key and its hooks with their signing secrets',
    example: { id: EXAMPLE.clientId, name: 'Acme Health', apiKey: EXAMPLE.apiKey, createdAt: EXAMPLE.createdAt, hooks: [WITH_SECRET] },
    body: {
      type: CreateClientDto,
      example: {
        name: 'Acme Health',
        environments: {
          sandbox: { dataWebhookUrl: 'https://acme.example/sbx/data', notificationWebhookUrl: 'https://acme.example/sbx/notify' },
          production: { dataWebhookUrl: 'https://acme.example/data' },
        },
      },
    },
    errors: { 400: 'environments must name at least one environment' },
  });

export const DocGetClient = () =>
  ApiRoute({
    summary: 'A client and its hooks',
    status: 200,
    answers: 'the client, without its API key',
    example: { id: EXAMPLE.clientId, name: 'Acme Health', createdAt: EXAMPLE.createdAt, hooks: [WITH_SECRET] },
    errors: { 400: 'Validation failed (uuid is expected)', 404: 'client not found' },
  });

export const DocPutHook = () =>
  ApiRoute({
    summary: "Subscribe, or change a hook's URL",
    description: 'Its signing secret, status and failure count stay.',
    status: 200,
    answers: 'the hook',
    example: WITH_SECRET,
    body: { type: PutHookDto, example: { url: 'https://acme.example/sbx/data' } },
    errors: { 400: 'url must be an https URL', 404: 'client not found' },
  });

export const DocDeleteNotificationHook = () =>
  ApiRoute({
    summary: 'Unsubscribe from notifications',
    description: 'A data hook cannot be removed, only re-pointed.',
    status: 204,
    answers: 'removed',
    errors: { 400: 'environment must be one of the following values: sandbox, production', 404: 'hook not found' },
  });

export const DocListRegistrations = () =>
  ApiRoute({
    summary: "The caller's hooks and their status",
    description: "Without signing secrets. An operator names a client with `?clientId=`, or gets every client's hooks, each with its `clientId`.",
    status: 200,
    answers: 'the hooks',
    example: [HOOK],
    errors: { 400: 'clientId must be a UUID', 404: 'client not found' },
  });

export const DocRestartHook = () =>
  ApiRoute({
    summary: 'Restart a suspended hook',
    description: 'The hook becomes Restarting; the next accepted delivery makes it Active, a failure Suspended again.',
    status: 200,
    answers: 'the hook, Restarting',
    example: { ...HOOK, status: 'Restarting', consecutiveFailures: 10 },
    errors: { 400: 'hookId must be a UUID', 404: 'hook not found', 409: 'hook is already Active: only a Suspended hook can be restarted' },
  });

export const DocSetHookLimits = () =>
  ApiRoute({
    summary: "Set a hook's rate, concurrency and ordering",
    description:
      'Fields left out keep their value; `null` returns one to its default (unlimited rate, `HOOK_MAX_IN_FLIGHT`). In force in every process within a second. A single resend or redeliver ignores them; scheduled deliveries, bulk resends and replays keep to them.',
    status: 200,
    answers: 'the hook',
    example: { ...HOOK, rateLimit: 50, maxInFlight: 8, ordering: 'user' },
    body: { type: HookLimitsDto, example: { rateLimit: 50, maxInFlight: 8, ordering: 'user' } },
    errors: { 400: 'maxInFlight must not be less than 1', 404: 'hook not found' },
  });

export const DocRotateApiKey = () =>
  ApiRoute({
    summary: "Rotate a client's API key",
    description: 'The new key is in this answer only. The previous key keeps working for `SECRET_ROTATION_OVERLAP`, or stops now with `revokePrevious`.',
    status: 201,
    answers: 'the new API key, and until when the previous one works (null: revoked now)',
    example: { apiKey: EXAMPLE.apiKey, previousKeyExpiresAt: '2026-01-11T08:00:00.000Z' },
    body: { type: RotateApiKeyDto, example: { revokePrevious: false } },
    errors: { 400: 'revokePrevious must be a boolean value', 404: 'client not found' },
  });

export const DocSigningSecret = () =>
  ApiRoute({
    summary: "A hook's signing secret",
    description: 'With the previous secret and its end while a rotation overlap lasts: a receiver may verify with either.',
    status: 200,
    answers: 'the signing secret',
    example: { signingSecret: EXAMPLE.signingSecret, previousSecret: 'whsec_dGhlLXByZXZpb3VzLXNlY3JldC1leGFtcGxl', previousSecretExpiresAt: '2026-01-11T08:00:00.000Z' },
    errors: { 400: 'hookId must be a UUID', 404: 'hook not found' },
  });

export const DocRotateSigningSecret = () =>
  ApiRoute({
    summary: "Rotate a hook's signing secret",
    description:
      'Until `previousSecretExpiresAt` every delivery carries both signatures (`v1,<new> v1,<old>`), as the Standard Webhooks specification allows; then only the new one.',
    status: 200,
    answers: 'the new signing secret, and until when the previous one still signs (null: it stopped now)',
    example: { signingSecret: EXAMPLE.signingSecret, previousSecretExpiresAt: '2026-01-11T08:00:00.000Z' },
    body: { type: RotateSecretDto, example: { overlap: '24h' } },
    errors: { 400: 'overlap must be 0 or a duration such as 30m, 24h or 7d, at most 30d', 404: 'hook not found' },
  });
