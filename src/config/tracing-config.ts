import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { ConfigurationError } from './configuration-error.js';

const URL = /^https?:\/\/[^\s]+$/;
const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'];
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const RATIO_SAMPLERS = ['traceidratio', 'parentbased_traceidratio'];

/**
 * OpenTelemetry's own variables, as far as this service decides on them: whether tracing is on, and that the SDK
 * will accept what it is given. The SDK reads these and every other OTEL_* variable it knows (headers, timeouts,
 * batch sizes, resource attributes) itself.
 */
export class TracingVariables {
  @IsOptional() @Matches(URL, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional() @Matches(URL, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  @IsOptional() @IsIn(PROTOCOLS, { message: `OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${PROTOCOLS.join(', ')}` })
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional() @IsIn(PROTOCOLS, { message: `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be one of ${PROTOCOLS.join(', ')}` })
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: string;

  /** Spans go over OTLP or nowhere: another exporter (console) would mix spans into the JSON log lines. */
  @IsOptional() @IsIn(['otlp', 'none'], { message: 'OTEL_TRACES_EXPORTER must be otlp or none' })
  OTEL_TRACES_EXPORTER?: string;

  @IsOptional() @Matches(/^(true|false)$/i, { message: 'OTEL_SDK_DISABLED must be true or false' })
  OTEL_SDK_DISABLED?: string;

  @IsOptional() @Matches(/^\S.*$/, { message: 'OTEL_SERVICE_NAME must not be blank' })
  OTEL_SERVICE_NAME?: string;

  @IsOptional() @IsIn(SAMPLERS, { message: `OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}` })
  OTEL_TRACES_SAMPLER?: string;

  @IsOptional() @Matches(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1' })
  OTEL_TRACES_SAMPLER_ARG?: string;
}

/** The OTEL_* variables checked here (the README's configuration table lists them). */
export const TRACING_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_TRACES_EXPORTER',
  'OTEL_SDK_DISABLED',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
];

export interface TracingConfig {
  /** An OTLP endpoint for traces is set, and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none says otherwise. */
  readonly enabled: boolean;
  /** service.name, unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES names one (the SDK then takes theirs). */
  readonly defaultServiceName: string | undefined;
}

export const DEFAULT_SERVICE_NAME = 'webhook-delivery';

/** Decides whether tracing is on; throws ConfigurationError naming a variable the SDK would not accept. */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const raw: Record<string, string> = {};
  for (const name of TRACING_VARIABLES) {
    const value = env[name]?.trim();
    if (value) raw[name] = value;
  }
  const vars = plainToInstance(TracingVariables, raw);
  const [error] = validateSync(vars, { stopAtFirstError: true });
  if (error) {
    // Endpoints may carry credentials: named, never echoed.
    const shown = /ENDPOINT/.test(error.property) ? '' : ` (got "${raw[error.property]}")`;
    throw new ConfigurationError(`Invalid configuration: ${Object.values(error.constraints ?? {})[0]}${shown}`);
  }
  if (vars.OTEL_TRACES_SAMPLER_ARG !== undefined && !RATIO_SAMPLERS.includes(vars.OTEL_TRACES_SAMPLER ?? '')) {
    throw new ConfigurationError(`Invalid configuration: OTEL_TRACES_SAMPLER_ARG is read only with OTEL_TRACES_SAMPLER=${RATIO_SAMPLERS.join(' or ')}`);
  }
  const endpoint = vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? vars.OTEL_EXPORTER_OTLP_ENDPOINT;
  const namedByResource = /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  return {
    enabled: endpoint !== undefined && vars.OTEL_SDK_DISABLED?.toLowerCase() !== 'true' && vars.OTEL_TRACES_EXPORTER !== 'none',
    defaultServiceName: vars.OTEL_SERVICE_NAME || namedByResource ? undefined : DEFAULT_SERVICE_NAME,
  };
}
