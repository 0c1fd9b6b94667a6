/** Identifiers and times shared by the examples of every module, so the document tells one consistent story. */
export const EXAMPLE = {
  clientId: '6d0f9a52-3c1e-4c8b-9a57-2f4e1b7d8c90',
  hookId: 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  notificationHookId: 'c4b2d3e5-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  documentId: '3f2b8c1e-5d4a-4b7e-9c1d-2a6f0e8b7c45',
  deliveryId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
  jobId: '1a2b3c4d-5e6f-4a70-8b9c-0d1e2f3a4b5c',
  apiKey: 'whk_Q2hhbmdlLW1lLXRoaXMtaXMtYW4tZXhhbXBsZS1rZXk',
  signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  createdAt: '2026-01-10T08:00:00.000Z',
  attemptedAt: '2026-01-10T08:00:01.250Z',
  storedAt: '2026-01-12T08:00:01.000Z',
  expiresAt: '2026-01-15T08:00:01.000Z',
} as const;
