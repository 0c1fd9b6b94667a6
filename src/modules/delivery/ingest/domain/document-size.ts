/** A document's size as MAX_DOCUMENT_BYTES counts it: its serialized JSON in UTF-8 bytes. */
export function serializedBytes(document: unknown): number {
  return Buffer.byteLength(JSON.stringify(document), 'utf8');
}
