import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { schemaOf } from './schema-of.js';

/** The three bearer credentials of API.md "Who calls what"; the schemes are described in openapi-document.ts. */
export type Credential = 'operator' | 'producer' | 'client';

/** What the error filter answers with, whatever the status. */
const ERROR_WORDS: Record<number, [error: string, description: string]> = {
  400: ['Bad Request', 'The request is malformed: a bad id, an unknown field, a value out of range. Nothing changed.'],
  401: ['Unauthorized', 'No credential, or one that is not accepted here.'],
  403: ['Forbidden', 'The credential is valid but may not call this route.'],
  404: ['Not Found', 'Unknown, or belonging to another client (the two cannot be told apart).'],
  409: ['Conflict', 'The current state does not allow it. Nothing changed.'],
  410: ['Gone', 'It existed, but its content was removed after its retention period.'],
  413: ['Payload Too Large', 'The body is larger than allowed.'],
  422: ['Unprocessable Entity', 'Well-formed, but cannot be acted on.'],
  503: ['Service Unavailable', 'A dependency (PostgreSQL, Redis or S3) is not answering; nothing was done, try again.'],
};

/** Who may call the route: each credential named is one alternative security requirement. Adds the 401. */
export function ApiAccess(...credentials: Credential[]): MethodDecorator & ClassDecorator {
  const [error, description] = ERROR_WORDS[401]!;
  const message = credentials.includes('client')
    ? 'a valid API key is required (Authorization: Bearer <apiKey>)'
    : 'a valid operator token is required (Authorization: Bearer <ADMIN_TOKEN>)';
  return applyDecorators(
    ...credentials.map((credential) => ApiBearerAuth(credential)),
    ApiResponse({ status: 401, description, schema: errorSchema(401, error, message) }),
  );
}

/**
 * One operation: its summary, the success answer with an example (its schema derived from it), a body example,
 * and its error answers, each with the message this route gives.
 */
export function ApiRoute(options: {
  summary: string;
  description?: string;
  status: number;
  answers: string;
  example?: unknown;
  body?: { type: Type<unknown>; example: unknown };
  errors: Partial<Record<number, string>>;
}): MethodDecorator {
  const decorators = [
    ...Object.entries(options.errors).map(([code, message]) => {
      const status = Number(code);
      const [error, description] = ERROR_WORDS[status] ?? ['Error', 'Error'];
      return ApiResponse({ status, description, schema: errorSchema(status, error, message!) });
    }),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiResponse({
      status: options.status,
      description: options.answers,
      ...(options.example === undefined ? {} : { schema: { ...schemaOf(options.example), example: options.example } }),
    }),
  ];
  if (options.body) decorators.push(ApiBody({ type: options.body.type, examples: { example: { value: options.body.example } } }));
  return applyDecorators(...decorators);
}

function errorSchema(status: number, error: string, message: string) {
  return {
    type: 'object',
    properties: {
      statusCode: { type: 'integer' },
      error: { type: 'string' },
      message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      code: { type: 'string', description: 'a stable code for domain errors, e.g. DELIVERY.DOCUMENT_NOT_FOUND' },
    },
    required: ['statusCode', 'error', 'message'],
    example: { statusCode: status, error, message },
  };
}
