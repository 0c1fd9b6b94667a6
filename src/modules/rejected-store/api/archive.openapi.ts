import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../infrastructure/http/openapi/examples.js';
import { RestoreRequestDto } from './archive.dto.js';

/** OpenAPI of the archive routes (operators only). */

export const DocRestoreArchived = () =>
  ApiRoute({
    summary: 'Restore archived documents to their rejected bucket, in the background',
    description:
      "Every archived document of the client and environment, or the `ids` given, optionally only those first stored between `from` and `to`. Each goes back to its environment's rejected bucket with a fresh retention, is listed and resendable again, and is announced by a `rejected_information.stored` notification. Follow the job with `GET /v1/archive/restore/{jobId}`.",
    status: 202,
    answers: 'the job and how many documents it will restore',
    example: { jobId: EXAMPLE.jobId, total: 12 },
    body: { type: RestoreRequestDto, example: { clientId: EXAMPLE.clientId, environment: 'production', from: '2026-01-01', to: '2026-01-31' } },
    errors: { 400: 'from must not come after to', 404: `no document ${EXAMPLE.documentId} of this client is kept in the production archive` },
  });

export const DocRestoreProgress = () =>
  ApiRoute({
    summary: 'Progress of a restore from the archive',
    description: '`state` is queued, running, completed or failed; `restored + failed` reaches `total` when it completes.',
    status: 200,
    answers: 'the job',
    example: { jobId: EXAMPLE.jobId, state: 'running', total: 12, restored: 7, failed: 0 },
    errors: { 400: 'Validation failed (uuid is expected)', 404: `no restore job ${EXAMPLE.jobId}` },
  });
