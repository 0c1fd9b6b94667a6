import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { after, describe, it } from 'node:test';
import { parser } from '@prometheus-io/lezer-promql';
import { load } from 'js-yaml';
import { loadTracingConfig } from '../../src/config/tracing-config.js';
import { exportedNames } from '../support/metrics-text.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { ServiceProcess } from '../support/service-process.js';

const DASHBOARDS = 'docker/grafana/dashboards';

interface Query {
  where: string;
  expr: string;
  datasourceUid?: string;
}

/** Every query of every dashboard: panel targets (rows included) and variables. */
function dashboardQueries(): Query[] {
  const files = readdirSync(DASHBOARDS).filter((name) => name.endsWith('.json'));
  assert.ok(files.length > 0, `a dashboard in ${DASHBOARDS}`);
  return files.flatMap((file) => {
    const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8'));
    const panels = dashboard.panels.flatMap((panel: any) => [panel, ...(panel.panels ?? [])]);
    const targets = panels.flatMap((panel: any) =>
      (panel.targets ?? []).map((target: any) => ({ where: `${file}: ${panel.title}`, expr: target.expr, datasourceUid: target.datasource?.uid ?? panel.datasource?.uid })),
    );
    const variables = dashboard.templating.list.map((variable: any) => ({ where: `${file}: $${variable.name}`, expr: variable.query, datasourceUid: variable.datasource?.uid }));
    return [...targets, ...variables];
  });
}

/** The metric names an expression selects, as Prometheus's own grammar parses it (Grafana's variables filled in). */
function metricNames({ where, expr }: Query): string[] {
  const labelValues = /^label_values\((\w+),\s*\w+\)$/.exec(expr);
  if (labelValues) return [labelValues[1]];
  const promql = expr.replace(/\$\{?(\w+)\}?/g, (_, name: string) => (name.startsWith('__') ? '5m' : name));
  const names: string[] = [];
  const errors: string[] = [];
  parser.parse(promql).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`a syntax error at ${node.from}`);
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) names.push(promql.slice(identifier.from, identifier.to));
      else errors.push('a selector without a metric name');
    },
  });
  assert.deepEqual(errors, [], `${where}: ${expr}`);
  return names;
}

const yamlFile = (path: string): any => load(readFileSync(path, 'utf8'));

describe('the Grafana dashboard', () => {
  const environment = new TestEnvironment();
  let api: TestService | undefined;
  let worker: ServiceProcess | undefined;
  let texts: string[] | undefined;

  after(async () => {
    await worker?.stop();
    await api?.stop();
    await environment.destroy();
  });

  /** What the API and the worker processes serve at /metrics, as the compose file runs them. */
  async function scrapeBoth(): Promise<string[]> {
    api = await TestService.start(environment, { ROLE: 'api' });
    worker = await ServiceProcess.start(environment);
    return Promise.all([api.url, worker.url].map(async (url) => (await fetch(`${url}/metrics`)).text()));
  }

  it('queries only metrics that the API and worker processes export, in valid PromQL', async () => {
    const used = new Map<string, string>();
    for (const query of dashboardQueries()) for (const name of metricNames(query)) used.set(name, query.where);
    assert.ok(used.size >= 15, `the dashboard reads ${used.size} metrics`);

    texts = await scrapeBoth();
    const exported = new Set(texts.flatMap((text) => [...exportedNames(text)]));
    const missing = [...used].filter(([name]) => !exported.has(name)).map(([name, where]) => `${name} (${where})`);
    assert.deepEqual(missing, [], 'every metric the dashboard names is exported');
  });

  it("is beside a README table that lists exactly the service's metrics, with their types", async () => {
    texts ??= await scrapeBoth();
    const exported = new Map(texts.flatMap((text) => [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name, type])));
    const own = [...exported].filter(([name]) => !/^(process|nodejs)_/.test(name));
    const documented = [...readFileSync('README.md', 'utf8').matchAll(/^\| `([a-z_]+)` \| (\w+)/gm)].map(([, name, type]) => [name, type] as const);
    assert.deepEqual(new Map(documented), new Map(own));
  });

  it('is provisioned in the compose file, from a Prometheus that scrapes the API and the workers', () => {
    const compose = yamlFile('docker/compose.yaml');
    const mounts = (service: string) =>
      new Map<string, string>(compose.services[service].volumes.filter((volume: string) => volume.startsWith('./')).map((volume: string) => volume.split(':').slice(0, 2).reverse()));

    const prometheus = yamlFile(join('docker', mounts('prometheus').get('/etc/prometheus/prometheus.yml') ?? 'missing'));
    assert.ok(compose.services.prometheus.command.includes('--config.file=/etc/prometheus/prometheus.yml'));
    for (const service of ['api', 'worker']) {
      const job = prometheus.scrape_configs.find((config: any) => config.dns_sd_configs?.some((sd: any) => sd.names.includes(service)));
      assert.ok(job, `Prometheus scrapes every ${service} container`);
      assert.equal(job.dns_sd_configs[0].port, Number(compose.services[service].environment.PORT ?? 3000), `at the port the ${service} listens on`);
      assert.deepEqual(job.relabel_configs, [{ target_label: 'deployment', replacement: 'compose' }], 'as the deployment the dashboard shows first');
    }

    const grafana = mounts('grafana');
    assert.equal(grafana.get('/etc/grafana/provisioning'), './grafana/provisioning');
    const datasources = readdirSync('docker/grafana/provisioning/datasources').flatMap((file) => yamlFile(join('docker/grafana/provisioning/datasources', file)).datasources);
    assert.deepEqual(
      datasources.map(({ type, url }: any) => [type, url]).sort(),
      [
        ['jaeger', 'http://jaeger:16686'],
        ['prometheus', 'http://prometheus:9090'],
      ],
    );
    const prometheusUid = datasources.find(({ type }: any) => type === 'prometheus').uid;
    for (const { where, datasourceUid } of dashboardQueries()) assert.equal(datasourceUid, prometheusUid, `${where} reads the provisioned Prometheus`);

    assert.deepEqual(compose.services.grafana.depends_on, ['prometheus', 'jaeger']);

    const [provider] = yamlFile('docker/grafana/provisioning/dashboards/webhook-delivery.yaml').providers;
    assert.equal(grafana.get(provider.options.path), `./grafana/dashboards`, 'the dashboards are where the provider looks');
    const home = compose.services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    assert.ok(existsSync(join(DASHBOARDS, posix.relative(provider.options.path, home))), `the home dashboard ${home} exists`);
  });

  it('sends the traces of the API and the workers to the Jaeger of the compose file, the one Grafana reads', () => {
    const compose = yamlFile('docker/compose.yaml');
    // Docker Compose merges `<<: *service-env`; js-yaml keeps it as a key.
    const environmentOf = (service: string) => ({ ...compose.services[service].environment['<<'], ...compose.services[service].environment });
    const jaeger = compose.services.jaeger;
    assert.match(jaeger.image, /^jaegertracing\/jaeger:2\./, 'Jaeger v2: OTLP on by default');
    for (const port of ['4318:4318', '16686:16686']) assert.ok(jaeger.ports.includes(port), `Jaeger publishes ${port}`);
    for (const service of ['api', 'worker']) {
      const environment = environmentOf(service);
      assert.equal(environment.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://jaeger:4318', `the ${service} exports to Jaeger's OTLP/HTTP port`);
      assert.equal(environment.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf');
      assert.equal(environment.OTEL_SERVICE_NAME, `webhook-${service}`);
      assert.doesNotThrow(() => loadTracingConfig(environment), `the ${service}'s OTEL_* settings are valid`);
      assert.equal(loadTracingConfig(environment).enabled, true);
      assert.equal(compose.services[service].depends_on.jaeger.condition, 'service_started');
    }
  });
});
