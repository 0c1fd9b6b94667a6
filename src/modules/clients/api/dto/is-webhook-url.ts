import { ValidateBy, type ValidationOptions } from 'class-validator';
import { validateWebhookUrl } from '../../../../../libs/webhook-sender/index.js';

/** An http(s) URL without credentials or fragment; the message says what is wrong without echoing the URL. */
export function IsWebhookUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWebhookUrl',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateWebhookUrl(value).ok,
        defaultMessage: (args) => {
          if (typeof args?.value !== 'string') return `${args?.property} must be a URL string`;
          const result = validateWebhookUrl(args.value);
          return `${args.property}: ${result.ok ? 'invalid URL' : result.reason}`;
        },
      },
    },
    options,
  );
}
