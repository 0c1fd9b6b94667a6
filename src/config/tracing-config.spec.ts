import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError } from './configuration-error.js';
import { DEFAULT_SERVICE_NAME, loadTracingConfig } from './tracing-config.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

describe('tracing configuration', () => {
  it('is off without an OTLP endpoint, whatever else is set', () => {
    assert.equal(loadTracingConfig({}).enabled, false);
    assert.equal(loadTracingConfig({ OTEL_SERVICE_NAME: 'api', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER: 'always_on' }).enabled, false);
    assert.equal(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).enabled, false, 'a blank endpoint is no endpoint');
  });

  it('is on with the general or the traces endpoint', () => {
    assert.equal(loadTracingConfig(ENDPOINT).enabled, true);
    assert.equal(loadTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' }).enabled, true);
  });

  it('stays off when the SDK is disabled or the traces exporter is none', () => {
    assert.equal(loadTracingConfig({ ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }).enabled, false);
    assert.equal(loadTracingConfig({ ...ENDPOINT, OTEL_SDK_DISABLED: 'false' }).enabled, true);
    assert.equal(loadTracingConfig({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }).enabled, false);
  });

  it('names the service unless the environment does', () => {
    assert.equal(loadTracingConfig(ENDPOINT).defaultServiceName, DEFAULT_SERVICE_NAME);
    assert.equal(loadTracingConfig({ ...ENDPOINT, OTEL_SERVICE_NAME: 'webhook-api' }).defaultServiceName, undefined);
    assert.equal(loadTracingConfig({ ...ENDPOINT, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=x' }).defaultServiceName, undefined);
  });

  for (const [given, message] of [
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL$/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, /OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json, grpc \(got "http"\)/],
    [{ OTEL_TRACES_EXPORTER: 'console' }, /OTEL_TRACES_EXPORTER must be otlp or none/],
    [{ OTEL_SDK_DISABLED: 'yes' }, /OTEL_SDK_DISABLED must be true or false/],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, /OTEL_TRACES_SAMPLER must be one of/],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, /OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1/],
    [{ OTEL_TRACES_SAMPLER_ARG: '0.1' }, /OTEL_TRACES_SAMPLER_ARG is read only with OTEL_TRACES_SAMPLER=traceidratio or parentbased_traceidratio/],
  ] as const) {
    it(`refuses ${Object.entries(given).map(([name, value]) => `${name}=${value}`).join(' ')}`, () => {
      assert.throws(() => loadTracingConfig(given), (error: Error) => error instanceof ConfigurationError && message.test(error.message));
    });
  }

  it('accepts a sampling ratio with a ratio sampler', () => {
    assert.equal(loadTracingConfig({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).enabled, true);
  });
});
