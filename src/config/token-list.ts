import { registerDecorator, type ValidationOptions } from 'class-validator';

export const MIN_TOKEN_LENGTH = 16;

/**
 * Parses a comma-separated list of tokens (spaces around commas allowed); undefined when it is empty
 * or a token is shorter than 16 characters or holds a space. Several tokens let one be rotated
 * without downtime: add the new one, move the callers, remove the old one.
 */
export function parseTokenList(text: string): string[] | undefined {
  const tokens = text.split(',').map((token) => token.trim());
  const valid = tokens.every((token) => token.length >= MIN_TOKEN_LENGTH && !/\s/.test(token));
  return valid ? [...new Set(tokens)] : undefined;
}

export function IsTokenList(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isTokenList',
      target: target.constructor,
      propertyName: String(property),
      options: {
        message: `${String(property)} must be a comma-separated list of tokens, each at least ${MIN_TOKEN_LENGTH} characters without spaces`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseTokenList(value) !== undefined },
    });
}
