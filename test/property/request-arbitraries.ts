import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

/** What one generated request sends. */
export interface RequestCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the generators draw real values from: ids that exist, credentials that work. */
export interface World {
  ids: string[];
  credentials: string[];
  resolve(ref: string): Schema;
}

const THREE_MIB = 'x'.repeat(3 * 1024 * 1024);
const LONG = 'y'.repeat(100_000);

/** Strings a careless service trips on: NUL, control and bidi characters, lone surrogates, injections, numbers as text. */
const nastyString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u0007\u001b[31m', '\u202eevil', '\ud800', '\udfff x', '💤🫀', 'e\u0301', 'null', 'true', '-1', '0', '1e400', '9'.repeat(40)),
  fc.constantFrom("'; DROP TABLE clients; --", '" OR 1=1 --', '<script>alert(1)</script>', '../../etc/passwd', '%00', '%ZZ', '${jndi:ldap://x/a}', '{{7*7}}', '__proto__', 'constructor', LONG),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A value of the wrong kind for any field; null most of all, where code expects a value or nothing. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: nastyString, weight: 2 },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(anyJson, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
  fc.constant(THREE_MIB),
);

/** A value the schema allows, drawn towards what exists (known ids, enum values, examples). */
export function validValue(schema: Schema, world: World, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return validValue(world.resolve(schema.$ref), world, depth);
  if (schema.allOf?.length) return validValue(schema.allOf[0], world, depth);
  if (schema.oneOf?.length) return fc.oneof(...schema.oneOf.map((choice) => validValue(choice, world, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof({ arbitrary: fc.constantFrom(...world.ids), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 });
      return schema.example !== undefined ? fc.constant(schema.example) : fc.string({ minLength: 1, maxLength: Math.min(schema.maxLength ?? 20, 20) });
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'array':
      return fc.array(validValue(schema.items ?? {}, world, depth + 1), { minLength: schema.minItems ?? 1, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object':
      if (!schema.properties) return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
      return objectOf(schema, world, depth);
    default:
      return anyJson;
  }
}

/** Every property, or the required ones and some others: so that optional fields get their turn to go wrong. */
function objectOf(schema: Schema, world: World, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model = Object.fromEntries(Object.entries(schema.properties!).map(([name, property]) => [name, validValue(property, world, depth + 1)]));
  const requiredKeys = (schema.required ?? []).filter((name) => name in model);
  return fc.oneof(fc.record(model), fc.record(model, { requiredKeys }));
}

type Path = (string | number)[];

/** Every place in a JSON value where a field could go wrong. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** Every byte percent-encoded: any string, a lone surrogate included, makes a valid URL. */
function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

function withChange(value: unknown, path: Path, change: (holder: any, key: string | number) => void): unknown {
  const copy = structuredClone(value) as any;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key];
  change(holder, path.at(-1)!);
  return copy;
}

/** A body: valid, or with one field removed, replaced, or one too many; or not the right JSON at all. */
export function bodyOf(schema: Schema, world: World): fc.Arbitrary<{ text: string; contentType: string }> {
  const json = (value: unknown) => ({ text: JSON.stringify(value), contentType: 'application/json' });
  const mutated = validValue(schema, world).chain((valid) => {
    const paths = pathsOf(valid);
    const pick = fc.constantFrom(...(paths.length > 0 ? paths : [['field']]));
    return fc.oneof(
      { arbitrary: fc.constant(json(valid)), weight: 2 },
      { arbitrary: pick.map((path) => json(withChange(valid, path, (holder, key) => delete holder[key]))), weight: 2 },
      { arbitrary: fc.tuple(pick, wrongValue).map(([path, wrong]) => json(withChange(valid, path, (holder, key) => (holder[key] = wrong)))), weight: 5 },
      { arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([key, extra]) => json({ ...(valid as object), [key]: extra })), weight: 1 },
      { arbitrary: fc.constant(JSON.stringify(valid)).map((text) => ({ text: text.slice(0, Math.max(1, text.length - 3)), contentType: 'application/json' })), weight: 1 },
      { arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/xml').map((contentType) => ({ text: JSON.stringify(valid), contentType })), weight: 1 },
    );
  });
  const notAnObject = fc.oneof(anyJson.map((value) => json(value)), fc.constantFrom('', '{', '[1,', 'nul', '"\\ud800"', '{"a":1}{"b":2}').map((text) => ({ text, contentType: 'application/json' })));
  return fc.oneof({ arbitrary: mutated, weight: 8 }, { arbitrary: notAnObject, weight: 1 });
}

/** A path or query value: a real one, or something else. */
function parameterValue(parameter: Parameter, world: World): fc.Arbitrary<string> {
  const schema = parameter.schema ?? {};
  const real = parameter.in === 'path' && !schema.enum && !schema.format ? fc.constantFrom(...world.ids) : validValue(schema, world).map(String);
  const other = fc.oneof(nastyString, fc.integer().map(String), fc.uuid());
  return fc.oneof({ arbitrary: real, weight: 3 }, { arbitrary: other, weight: 2 });
}

/** One request to the operation: credentials, path, query and body, each sometimes wrong. */
export function requestOf(operation: Operation, world: World): fc.Arbitrary<RequestCase> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const credential = fc.oneof(
    { arbitrary: fc.constantFrom(...world.credentials.slice(0, 1)), weight: 4 },
    { arbitrary: fc.constantFrom(...world.credentials.slice(1)), weight: 4 },
    { arbitrary: fc.option(nastyString.map((token) => token.replace(/[^\x21-\x7e]/g, '')), { nil: undefined }), weight: 1 },
  );
  const path = fc.tuple(...pathParameters.map((parameter) => parameterValue(parameter, world))).map((values) =>
    pathParameters.reduce((text, parameter, index) => text.replace(`{${parameter.name}}`, encode(values[index])), operation.path),
  );
  const query = fc.tuple(...queryParameters.map((parameter) => fc.option(parameterValue(parameter, world), { nil: undefined, freq: 3 }))).map((values) =>
    queryParameters.flatMap((parameter, index) => (values[index] === undefined ? [] : [`${parameter.name}=${encode(values[index]!)}`])).join('&'),
  );
  const body = operation.body ? bodyOf(operation.body, world).map((value) => value as { text: string; contentType: string } | undefined) : fc.constant(undefined);
  return fc.record({ credential, path, query, body }).map(({ credential: token, path: route, query: search, body: sent }) => ({
    method: operation.method,
    path: search ? `${route}?${search}` : route,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(sent ? { 'content-type': sent.contentType } : {}) },
    body: sent?.text,
  }));
}

/** The sweep's wrong values: each replaces every field in turn. */
const SWEEP_VALUES: unknown[] = [null, 'a\u0000b', 0, LONG];
const SWEEP_PARAMETERS = ['', '\u0000', 'x'.repeat(300), '💤'];

/** A deterministic valid value: the first enum value, the example, the first known id; every property when `full`. */
function canonical(schema: Schema, world: World, full: boolean): unknown {
  if (schema.$ref) return canonical(world.resolve(schema.$ref), world, full);
  const chosen = schema.allOf?.[0] ?? schema.oneOf?.[0];
  if (chosen) return canonical(chosen, world, full);
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'string') return schema.format === 'uuid' ? world.ids[0] : (schema.example ?? 'text');
  if (schema.type === 'boolean') return true;
  if (schema.type === 'number' || schema.type === 'integer') return schema.minimum ?? 1;
  if (schema.type === 'array') return [canonical(schema.items ?? {}, world, full)];
  if (schema.type === 'object' || schema.properties) {
    const names = Object.keys(schema.properties ?? {}).filter((name) => full || schema.required?.includes(name));
    return Object.fromEntries(names.map((name) => [name, canonical(schema.properties![name], world, full)]));
  }
  return { sample: 1 };
}

/**
 * The sweep a tester does by hand, as fixed examples: a valid request (the required fields, then all of
 * them), and that request with each field in turn removed or replaced by each SWEEP_VALUE, and each
 * path or query parameter replaced by each SWEEP_PARAMETERS value. Sent as the operator, naming the client.
 */
export function sweepOf(operation: Operation, world: World): RequestCase[] {
  const parameters = operation.parameters.filter((parameter) => parameter.in === 'path' || parameter.required || parameter.name === 'clientId');
  // A parameter the schema says little of is an id (ParseUUIDPipe, ?clientId=): the first known one, a client's.
  const valueOf = (schema: Schema = {}) => String(schema.enum || schema.format !== undefined || schema.type !== 'string' ? canonical(schema, world, false) : world.ids[0]);
  const values = Object.fromEntries(parameters.map((parameter) => [parameter.name, valueOf(parameter.schema)]));
  const request = (changed: Record<string, string>, body?: unknown): RequestCase => {
    const all = { ...values, ...changed };
    let path = operation.path;
    const query: string[] = [];
    for (const parameter of parameters) {
      if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encode(all[parameter.name]));
      else query.push(`${parameter.name}=${encode(all[parameter.name])}`);
    }
    return {
      method: operation.method,
      path: query.length > 0 ? `${path}?${query.join('&')}` : path,
      headers: { authorization: `Bearer ${world.credentials[0]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
  };
  const bases = operation.body ? [canonical(operation.body, world, false), canonical(operation.body, world, true)] : [undefined];
  const cases = bases.flatMap((base) => [
    request({}, base),
    ...parameters.flatMap((parameter) => SWEEP_PARAMETERS.map((value) => request({ [parameter.name]: value }, base))),
    ...pathsOf(base).flatMap((path) => [
      request({}, withChange(base, path, (holder, key) => delete holder[key])),
      ...SWEEP_VALUES.map((value) => request({}, withChange(base, path, (holder, key) => (holder[key] = value)))),
    ]),
  ]);
  return [...new Map(cases.map((sent) => [JSON.stringify(sent), sent])).values()];
}
