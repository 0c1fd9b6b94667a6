import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';

type Holders = (body: any) => unknown[];

/** Body classes, and where in their bodies a producer's JSON sits (objects that hold it under `key`). */
const jsonAsSent = new Map<Function, { key: string; holders: Holders }[]>();

/**
 * A producer's JSON on its way through the pipe, opaque to it: Nest deletes "__proto__", "constructor"
 * and "prototype" keys anywhere in a body (against prototype pollution), and class-transformer would
 * rebuild every object in it (and fail on a "constructor" key). That JSON is stored as text and never
 * merged into an object, so those keys are plain data the receiver must get.
 */
class SentJson {
  readonly #value: unknown;

  constructor(value: unknown) {
    this.#value = value;
  }

  static unwrap(value: unknown): unknown {
    return value instanceof SentJson ? value.#value : value;
  }
}

/** The property holds a producer's JSON, to be validated and kept exactly as sent. */
export function KeepJsonAsSent(): PropertyDecorator {
  return (target, key) => {
    keepJsonAsSentIn(target.constructor, String(key), (body) => [body]);
    Transform(({ obj }) => SentJson.unwrap((obj as Record<string, unknown>)[String(key)]))(target, key);
  };
}

/** For a body that nests such objects: `holders(body)` lists them (a batch's documents). */
export function keepJsonAsSentIn(bodyClass: Function, key: string, holders: Holders): void {
  jsonAsSent.set(bodyClass, [...(jsonAsSent.get(bodyClass) ?? []), { key, holders }]);
}

/** Nest's ValidationPipe, which leaves the JSON declared by KeepJsonAsSent as it was sent. */
export class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    for (const { key, holders } of (metadata.metatype && jsonAsSent.get(metadata.metatype)) || []) {
      for (const holder of typeof value === 'object' && value !== null ? holders(value) : []) {
        if (typeof holder !== 'object' || holder === null) continue;
        const record = holder as Record<string, unknown>;
        if (record[key] !== undefined) record[key] = new SentJson(record[key]);
      }
    }
    return super.transform(value, metadata);
  }

  /**
   * Nest looks for binary values (socket.io attachments) in nested properties, reading class-validator's metadata
   * again on every request to do so; a JSON body, a query or a path never holds one.
   */
  protected override findNestedBinaryValues(): ValidationError[] {
    return [];
  }
}
