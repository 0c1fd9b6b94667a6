/** JSON-schema-like shape the OpenAPI document accepts. */
export interface DerivedSchema {
  type?: string;
  format?: string;
  nullable?: boolean;
  items?: DerivedSchema;
  properties?: Record<string, DerivedSchema>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The schema of a response, read off its documented example, so that the two cannot disagree.
 * A null value documents a nullable field whose type the example does not show.
 */
export function schemaOf(example: unknown): DerivedSchema {
  if (example === null) return { nullable: true };
  if (Array.isArray(example)) return { type: 'array', items: example.length > 0 ? schemaOf(example[0]) : {} };
  switch (typeof example) {
    case 'string':
      return UUID.test(example) ? { type: 'string', format: 'uuid' } : DATE_TIME.test(example) ? { type: 'string', format: 'date-time' } : { type: 'string' };
    case 'number':
      return { type: Number.isInteger(example) ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return { type: 'object', properties: Object.fromEntries(Object.entries(example as object).map(([key, value]) => [key, schemaOf(value)])) };
    default:
      return {};
  }
}
