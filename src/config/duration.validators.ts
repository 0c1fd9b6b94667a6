import { registerDecorator, type ValidationOptions } from 'class-validator';
import { parseDuration, parseDurationList } from './duration.js';

export function IsDuration({ allowZero = false, ...options }: ValidationOptions & { allowZero?: boolean } = {}): PropertyDecorator {
  const zero = allowZero ? ' (or 0)' : '';
  return (target, property) =>
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName: String(property),
      options: { message: `${String(property)} must be a duration such as 500ms, 30s, 15m, 2h or 3d${zero}`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseDuration(value, { allowZero }) !== undefined },
    });
}

export function IsDurationList(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isDurationList',
      target: target.constructor,
      propertyName: String(property),
      options: { message: `${String(property)} must be a comma-separated list of durations such as 2h,24h,48h`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseDurationList(value) !== undefined },
    });
}
