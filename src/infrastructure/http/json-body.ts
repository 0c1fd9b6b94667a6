import zlib from 'node:zlib';
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BODY_DEPTH, nestedDeeperThan } from './body-depth.js';

type Done = (error: Error | null, body?: unknown) => void;
type Inflate = (buffer: Buffer, options: zlib.ZlibOptions, callback: (error: Error | null, result: Buffer) => void) => void;

/** The content encodings a producer may compress a body with, as body-parser took them. */
const INFLATE: Record<string, Inflate> = { gzip: zlib.gunzip, deflate: zlib.inflate, br: zlib.brotliDecompress };

const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;
const FIRST_CHARACTER = /^[ \t\n\r]*([^ \t\n\r])/;

/**
 * Request bodies as the service read them on Express (body-parser's JSON parser), so that callers see no
 * difference: `application/json` only, in UTF-8 (another `utf-*` charset is decoded, any other is a 415), gzip,
 * deflate or br compressed or not, an object or an array (anything else is a 400), an empty body as `{}`, never
 * nested deeper than MAX_BODY_DEPTH. Parsed with `JSON.parse`: "__proto__" and "constructor" keys stay plain keys,
 * which the validation pipe strips from a body's own fields and keeps in a producer's data (see
 * RequestValidationPipe). Any other content type is left unread: the handler sees no body, and its validation
 * says what is missing. Fastify enforces the byte limits (the route's `bodyLimit`, a 413 beyond it) on the bytes
 * received; the limit applies to an inflated body too.
 */
export function registerJsonBodies(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => readJson(request, body as Buffer, done));
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

function readJson(request: FastifyRequest, body: Buffer, done: Done): void {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return settle(request, body, done);
  const inflate = INFLATE[encoding];
  if (!inflate) return done(new UnsupportedMediaTypeException(`unsupported content encoding "${encoding}"`));
  inflate(body, { maxOutputLength: request.routeOptions.bodyLimit }, (error, inflated) => {
    if (!error) return settle(request, inflated, done);
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return done(tooLarge());
    done(new BadRequestException(`request body could not be decoded as ${encoding}: ${error.message}`));
  });
}

function settle(request: FastifyRequest, body: Buffer, done: Done): void {
  let parsed: unknown;
  try {
    parsed = parseJson(text(request, body));
  } catch (error) {
    return done(error as Error);
  }
  done(null, parsed);
}

function text(request: FastifyRequest, body: Buffer): string {
  const match = CHARSET.exec(request.headers['content-type'] ?? '');
  const charset = (match?.[1] ?? match?.[2] ?? 'utf-8').toLowerCase();
  const decoded = charset === 'utf-8' ? body.toString('utf8') : decode(body, charset);
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}

function decode(body: Buffer, charset: string): string {
  if (charset.startsWith('utf-')) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // A utf-* name TextDecoder does not know: refused below like any other charset.
    }
  }
  throw new UnsupportedMediaTypeException(`unsupported charset "${charset.toUpperCase()}"`);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw notJson(strictViolation(text, first));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw notJson((error as Error).message);
  }
  if (nestedDeeperThan(body, MAX_BODY_DEPTH)) throw new BadRequestException(`request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
  return body;
}

/** JSON.parse's own words about the first character, as if only objects and arrays were JSON (body-parser's strict mode). */
function strictViolation(text: string, first: string | undefined): string {
  const at = first === undefined ? -1 : text.indexOf(first);
  const masked = at === -1 ? '' : text.slice(0, at) + '#'.repeat(text.length - at);
  try {
    JSON.parse(masked);
  } catch (error) {
    return (error as Error).message.replace(/#+/g, (run) => text.slice(at, at + run.length));
  }
  return 'only an object or an array is accepted';
}

function notJson(reason: string): BadRequestException {
  return new BadRequestException(`request body is not valid JSON: ${reason}`);
}

export function tooLarge(): PayloadTooLargeException {
  return new PayloadTooLargeException('request body is larger than allowed');
}
