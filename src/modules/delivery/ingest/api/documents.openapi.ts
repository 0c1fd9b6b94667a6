import { ApiRoute } from '../../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../../infrastructure/http/openapi/examples.js';
import { DocumentBatchDto, DocumentDto } from './document.dto.js';

/** OpenAPI of the ingest routes: what each answers, with examples. */

const DOCUMENT = {
  id: EXAMPLE.documentId,
  clientId: EXAMPLE.clientId,
  environment: 'sandbox',
  kind: 'summary',
  type: 'physical_summary',
  userId: 'user-123',
  data: { steps: 4321, day: '2026-01-10' },
};

const TOO_LARGE = 'document is larger than the 1048576 bytes allowed (MAX_DOCUMENT_BYTES)';

export const DocSubmitDocument = () =>
  ApiRoute({
    summary: 'Hand over one document for delivery',
    description:
      'Idempotent by `id`: the same id again answers with the stored document and its current status, and is never delivered twice.',
    status: 202,
    answers: 'stored and Pending',
    example: { id: EXAMPLE.documentId, status: 'Pending' },
    body: { type: DocumentDto, example: DOCUMENT },
    errors: {
      400: 'kind must be one of the following values: event, summary',
      413: TOO_LARGE,
      422: `client ${EXAMPLE.clientId} has no data webhook in sandbox`,
      503: 'documents could not be stored right now; nothing was accepted, retry later',
    },
  });

export const DocSubmitBatch = () =>
  ApiRoute({
    summary: 'Hand over up to 1000 documents, all or nothing',
    status: 202,
    answers: 'every document stored and Pending, in the order given',
    example: { ids: [EXAMPLE.documentId] },
    body: { type: DocumentBatchDto, example: { documents: [DOCUMENT] } },
    errors: {
      400: 'documents must contain no more than 1000 elements',
      413: 'documents[3] is larger than the 1048576 bytes allowed (MAX_DOCUMENT_BYTES)',
      422: `client ${EXAMPLE.clientId} has no data webhook in sandbox`,
      503: 'documents could not be stored right now; nothing was accepted, retry later',
    },
  });
