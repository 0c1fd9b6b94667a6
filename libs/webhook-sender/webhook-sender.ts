import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { Agent } from 'undici';
import { readCappedBody } from './response-body.js';
import { classifySendError, ExchangeTimeoutError } from './send-error.js';
import { answeredResult, failedResult, type SendResult } from './send-result.js';
import { WebhookSigner } from './signature.js';
import { guardedLookup, ipLiteralOf, isForbiddenAddress } from './ssrf-guard.js';
import { validateWebhookUrl } from './webhook-url.js';

export interface WebhookSenderOptions {
  /** Bound on the whole exchange: connect, request, response headers and body. */
  timeoutMs: number;
  /** Only for development and tests: allows loopback, private and other non-public targets. */
  allowPrivateTargets: boolean;
  /** Response body bytes kept in the result; the rest is discarded. Default 16384. */
  maxResponseBytes?: number;
  /**
   * Concurrent keep-alive connections per origin. Default: no cap, so the caller's own limits (a hook's
   * maxInFlight) decide; a cap shared by every hook of an origin would let one hanging hook starve the others.
   */
  connectionsPerOrigin?: number;
  userAgent?: string;
}

export interface SendRequest {
  url: string;
  /** Standard Webhooks secrets ("whsec_" + base64 key), at least one: one `v1,` signature each, in this order. */
  secrets: readonly string[];
  messageId: string;
  /** Already-serialized JSON. */
  body: string;
  /** Extra headers; they cannot override content-type or the webhook-* signature headers. */
  headers?: Record<string, string>;
  /** Stops the exchange when the caller no longer may make it (its lease on the work was lost). */
  signal?: AbortSignal;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16_384;
// Reading a little past the cap lets a slightly chatty receiver keep its connection pooled.
const RESPONSE_DRAIN_BYTES = 64 * 1024;
// Below the 5 s idle timeout common in HTTP servers, so we rarely reuse a socket being closed.
const KEEP_ALIVE_TIMEOUT_MS = 4_000;
const KEEP_ALIVE_MAX_TIMEOUT_MS = 60_000;

/**
 * Sends one signed JSON POST (Standard Webhooks headers) per call, over pooled
 * keep-alive connections, without following redirects. Network failures come back
 * as a result with an error code; `send` only throws for an unusable secret.
 */
export class WebhookSender {
  private readonly agent: Agent;
  private readonly signer = new WebhookSigner();
  private readonly timeoutMs: number;
  private readonly allowPrivateTargets: boolean;
  private readonly maxResponseBytes: number;
  private readonly userAgent: string | undefined;

  constructor(options: WebhookSenderOptions) {
    this.timeoutMs = requirePositiveInteger('timeoutMs', options.timeoutMs);
    this.allowPrivateTargets = options.allowPrivateTargets;
    this.maxResponseBytes = requireNonNegativeInteger(
      'maxResponseBytes',
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    );
    this.userAgent = options.userAgent;
    this.agent = new Agent({
      connections: options.connectionsPerOrigin === undefined ? null : requirePositiveInteger('connectionsPerOrigin', options.connectionsPerOrigin),
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MAX_TIMEOUT_MS,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: {
        timeout: this.timeoutMs,
        ...(this.allowPrivateTargets ? {} : { lookup: guardedLookup }),
      },
    });
  }

  async send(request: SendRequest): Promise<SendResult> {
    const startedAt = performance.now();
    const elapsedMs = (): number => Math.round(performance.now() - startedAt);

    const validation = validateWebhookUrl(request.url);
    if (!validation.ok) {
      return failedResult('invalid_url', `invalid target URL: ${validation.reason}`, elapsedMs());
    }
    const url = new URL(request.url);
    // IP literals never reach the guarded DNS lookup, so they are vetted here.
    const literal = ipLiteralOf(url);
    if (!this.allowPrivateTargets && literal !== null && isForbiddenAddress(literal)) {
      return failedResult(
        'blocked_target',
        `refused to connect: ${url.hostname} is a non-public address`,
        elapsedMs(),
      );
    }

    if (request.signal?.aborted) return failedResult('cancelled', 'not sent: the work was taken over', elapsedMs());
    const headers = this.headersFor(request);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new ExchangeTimeoutError(this.timeoutMs)), this.timeoutMs);
    // The caller's stop ends the exchange too. A listener, not AbortSignal.any: that costs a composite signal per send.
    const stop = () => deadline.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', stop, { once: true });
    const signal = deadline.signal;
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        body: request.body,
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const responseBody = await readCappedBody(response.body, this.maxResponseBytes, RESPONSE_DRAIN_BYTES);
      const retryAfter = response.headers['retry-after'];
      const result = answeredResult(response.statusCode, elapsedMs(), responseBody, typeof retryAfter === 'string' ? retryAfter : null);
      // undici frees a keep-alive socket only one loop turn after the response ends;
      // waiting for that lets a caller's next send reuse it instead of opening another.
      await nextLoopTurn();
      return result;
    } catch (err) {
      if (request.signal?.aborted) return failedResult('cancelled', 'stopped: the work was taken over', elapsedMs());
      const { error, errorMessage } = classifySendError(err, url.host, this.timeoutMs);
      return failedResult(error, errorMessage, elapsedMs());
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', stop);
    }
  }

  /** Waits for in-flight sends, then closes every pooled connection. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private headersFor(request: SendRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    if (this.userAgent !== undefined) {
      headers['user-agent'] = this.userAgent;
    }
    // Applied last so caller headers can never replace the signed ones.
    return {
      ...headers,
      'content-type': 'application/json',
      ...this.signer.sign(request.secrets, request.messageId, request.body),
    };
  }
}

function requirePositiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer`);
  }
  return value;
}

function requireNonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer`);
  }
  return value;
}
