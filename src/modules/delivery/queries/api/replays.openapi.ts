import { ApiRoute } from '../../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../../infrastructure/http/openapi/examples.js';
import { ReplayRequestDto } from './replays.dto.js';

/** OpenAPI of the replay routes. */

export const DocStartReplay = () =>
  ApiRoute({
    summary: 'Deliver again every delivered document created in [from, to), in the background',
    description:
      "Every document of the client and environment with status Success created at or after `from` and before `to` (now when omitted), in creation order, to its data hook, keeping to the hook's pause, `rateLimit` and `maxInFlight`. A document whose body is no longer kept (`DELIVERED_RETENTION`, erasure) is counted in `skipped` and not sent. Each send is an attempt with trigger `replay`; a replay never suspends a hook. At most 100000 documents per replay. Operators name the client with `clientId`. Follow the job with `GET /v1/replays/{jobId}`.",
    status: 202,
    answers: 'the job and how many documents it covers',
    example: { jobId: EXAMPLE.jobId, total: 12 },
    body: { type: ReplayRequestDto, example: { environment: 'production', from: '2026-01-10', to: '2026-01-11' } },
    errors: {
      400: 'from must come before to (to defaults to now)',
      404: `client ${EXAMPLE.clientId} not found`,
      422: `client ${EXAMPLE.clientId} has no data webhook in production`,
    },
  });

export const DocReplayProgress = () =>
  ApiRoute({
    summary: 'Progress of a replay',
    description: '`state` is queued, running, completed or failed; `delivered + failed + skipped` reaches `total` when it completes.',
    status: 200,
    answers: 'the job',
    example: { jobId: EXAMPLE.jobId, state: 'running', total: 12, delivered: 7, failed: 1, skipped: 2 },
    errors: { 400: 'Validation failed (uuid is expected)', 404: `no replay job ${EXAMPLE.jobId}` },
  });
