import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySendError, ExchangeTimeoutError } from './send-error.js';
import type { SendErrorCode } from './send-result.js';
import { BlockedTargetError } from './ssrf-guard.js';

function withCode(code: string, message = 'boom'): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifySendError', () => {
  const cases: Array<[string, unknown, SendErrorCode]> = [
    ['our deadline', new ExchangeTimeoutError(100), 'timeout'],
    ['AbortSignal.timeout reason', new DOMException('timed out', 'TimeoutError'), 'timeout'],
    ['undici connect timeout', withCode('UND_ERR_CONNECT_TIMEOUT'), 'timeout'],
    ['undici headers timeout', withCode('UND_ERR_HEADERS_TIMEOUT'), 'timeout'],
    ['refused', withCode('ECONNREFUSED'), 'connection_refused'],
    ['refused on every address', Object.assign(new AggregateError([]), { code: 'ECONNREFUSED' }), 'connection_refused'],
    ['unknown host', withCode('ENOTFOUND'), 'dns_failure'],
    ['resolver down', withCode('EAI_AGAIN'), 'dns_failure'],
    ['blocked', new BlockedTargetError('internal.test', '10.0.0.1'), 'blocked_target'],
    ['reset', withCode('ECONNRESET'), 'connection_reset'],
    ['peer closed', withCode('UND_ERR_SOCKET', 'other side closed'), 'connection_reset'],
    ['bad certificate', withCode('CERT_HAS_EXPIRED', 'certificate has expired'), 'tls_error'],
    ['self-signed', withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls_error'],
    ['name mismatch', withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls_error'],
    ['not TLS', withCode('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls_error'],
    ['unreachable', withCode('EHOSTUNREACH'), 'network_error'],
    ['not an Error', 'weird', 'network_error'],
  ];
  for (const [label, err, expected] of cases) {
    it(`maps ${label} to ${expected}`, () => {
      const classified = classifySendError(err, 'receiver.test:8443', 100);
      assert.equal(classified.error, expected);
      assert.ok(classified.errorMessage.length > 0);
    });
  }

  it('names the host and the deadline in timeout messages', () => {
    const { errorMessage } = classifySendError(new ExchangeTimeoutError(250), 'receiver.test', 250);
    assert.equal(errorMessage, 'no complete response from receiver.test within 250 ms');
  });
});
