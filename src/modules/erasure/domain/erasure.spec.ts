import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erasureView, nextStep, type Erasure } from './erasure.js';

describe('nextStep', () => {
  it('goes cancel, objects, purge, notifications, done, and stays done', () => {
    assert.deepEqual(['cancel', 'objects', 'purge', 'notifications', 'done'].map((step) => nextStep(step as Erasure['step'])), ['objects', 'purge', 'notifications', 'done', 'done']);
  });
});

describe('erasureView', () => {
  it('shows the counts removed so far, 0 until counted, and no step nor time', () => {
    const erasure: Erasure = {
      id: '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10',
      clientId: '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a',
      userId: 'user-1',
      state: 'Running',
      step: 'objects',
      requestedAt: new Date(),
      factsUntil: new Date(),
      heldUntil: null,
      documents: 3,
      objects: null,
      notifications: null,
    };
    assert.deepEqual(erasureView(erasure), { id: erasure.id, userId: 'user-1', state: 'Running', documents: 3, objects: 0, notifications: 0 });
  });
});
