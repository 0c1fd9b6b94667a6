import type { Readable } from 'node:stream';

/**
 * Reads at most `maxBytes` of a response body as utf8. Past that, up to `drainBytes`
 * more are read and discarded so the keep-alive connection can be reused; beyond
 * that the stream is destroyed, which closes the connection instead of downloading it.
 * Never rejects: a body that fails midway yields what arrived before the failure.
 */
export function readCappedBody(body: Readable, maxBytes: number, drainBytes: number): Promise<string> {
  return new Promise((resolve) => {
    if (body.closed) {
      resolve('');
      return;
    }
    const captured: Buffer[] = [];
    let capturedBytes = 0;
    let seenBytes = 0;
    body.on('data', (chunk: Buffer) => {
      seenBytes += chunk.length;
      if (capturedBytes < maxBytes) {
        const part = chunk.subarray(0, maxBytes - capturedBytes);
        captured.push(part);
        capturedBytes += part.length;
      }
      if (seenBytes > maxBytes + drainBytes) {
        body.destroy();
      }
    });
    // Errors (abort, reset, our own destroy) are followed by 'close'; the partial body stands.
    body.on('error', () => undefined);
    body.once('close', () => resolve(Buffer.concat(captured, capturedBytes).toString('utf8')));
  });
}
