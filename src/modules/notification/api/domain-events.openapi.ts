import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../infrastructure/http/openapi/examples.js';
import { DomainEventDto } from './domain-event.dto.js';

export const DocAcceptDomainEvent = () =>
  ApiRoute({
    summary: 'Hand over a user-management or extraction event',
    description: "It becomes a notification to the client's Notification Webhook, unless its preferences say no. Repeating an `id` publishes nothing more.",
    status: 202,
    answers: 'accepted',
    example: { id: EXAMPLE.documentId },
    body: {
      type: DomainEventDto,
      example: { id: EXAMPLE.documentId, clientId: EXAMPLE.clientId, environment: 'production', type: 'extraction.failed', userId: 'user-123', dataSource: 'garmin', reason: 'credentials' },
    },
    errors: { 400: 'reason is required for extraction.failed and must be one of: data_source_failure, user_information_unavailable, credentials, permissions' },
  });
