import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** C0 and C1 control characters (NUL included) and unpaired surrogates, which no identifier or name needs. */
const NOT_PLAIN_TEXT = /[\p{Cc}\p{Cs}]/u;

/**
 * An optional body field: absent is fine, null is not. class-validator's IsOptional lets null through
 * to code that only expects a value or nothing; here null meets the field's other validators and
 * their message names it.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Identifiers and names: stored as text and shown in logs and dashboards, so no control characters. */
export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !NOT_PLAIN_TEXT.test(value),
        defaultMessage: (args) => `${args?.property} must not contain control characters (such as \\u0000) or unpaired surrogates`,
      },
    },
    options,
  );
}

/**
 * Any JSON value but null (which would say nothing). Numbers must be finite: JSON.parse reads 1e400 as
 * Infinity, which would reach the receiver as null, not the value the producer sent.
 */
export function IsJsonValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonValue',
      validator: {
        validate: (value: unknown) => value !== null && value !== undefined && isFiniteJson(value),
        defaultMessage: (args) =>
          args?.value === null || args?.value === undefined
            ? `${args?.property} is required: any JSON value but null`
            : `${args?.property} holds a number too large for a double (such as 1e400)`,
      },
    },
    options,
  );
}

function isFiniteJson(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isFiniteJson);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isFiniteJson);
  return true;
}

/** A UTC date (`2026-03-01`) or a date and time with its offset (`2026-03-01T08:00:00Z`); what a date alone covers is the route's to say. */
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function IsDateOrTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateOrTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && DATE_OR_TIME.test(value) && Number.isFinite(Date.parse(value)) && sameDay(value),
      defaultMessage: (args) => `${args?.property} must be a date (2026-03-01) or a date and time with its offset (2026-03-01T08:00:00Z)`,
    },
  });
}

/** `2026-02-30` parses as March 2nd, with or without a time: the day written must be the day read. */
function sameDay(value: string): boolean {
  const [date] = value.split('T');
  return new Date(Date.parse(date)).toISOString().startsWith(date);
}
