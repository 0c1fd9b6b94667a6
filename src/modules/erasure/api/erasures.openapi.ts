import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../infrastructure/http/openapi/examples.js';
import { ErasureRequestDto } from './erasures.dto.js';

/** OpenAPI of the erasure routes. */

const ERASURE_ID = '7c3e9a1b-2d4f-4e6a-8b0c-1d2e3f4a5b6c';

export const DocRequestErasure = () =>
  ApiRoute({
    summary: "Erase one user's data",
    description:
      "Removes every document of the user received until now, whatever its state (rows, bodies, attempts), every rejected and archived object, and every notification about the user; pending deliveries are cancelled at once. Afterwards the user's events are 404s; documents received later are kept as usual. A client erases its own users (`clientId` may be omitted); operators name the client. Follow it with `GET /v1/erasures/{id}`.",
    status: 202,
    answers: 'the erasure, running',
    example: { id: ERASURE_ID, state: 'Running' },
    body: { type: ErasureRequestDto, example: { userId: 'user-123', clientId: EXAMPLE.clientId } },
    errors: { 400: 'clientId is required: operators name the client whose user to erase', 404: `no client ${EXAMPLE.clientId}` },
  });

export const DocGetErasure = () =>
  ApiRoute({
    summary: 'An erasure and what it removed',
    description: 'The counts removed so far: documents (every record of the user), objects (in every bucket), notifications. The record keeps these counts and the user id, nothing else.',
    status: 200,
    answers: 'the erasure',
    example: { id: ERASURE_ID, userId: 'user-123', state: 'Done', documents: 12, objects: 3, notifications: 5 },
    errors: { 400: 'Validation failed (uuid is expected)', 404: `no erasure ${ERASURE_ID}` },
  });
