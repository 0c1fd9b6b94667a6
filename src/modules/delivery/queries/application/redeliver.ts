import { Injectable } from '@nestjs/common';
import { DocumentDelivery } from '../../../../domain/ports/document-delivery.js';
import { HookDirectory } from '../../../../domain/ports/hook-directory.js';
import { HookNotFound } from '../../../../domain/errors.js';
import { DocumentNotFound } from '../../ledger/domain/delivery.errors.js';
import { belongsToHook, redeliveryViewOf, type RedeliveryView } from '../domain/redelivery.js';
import { DocumentLookup } from '../../ledger/index.js';

/** `POST /hooks/:hookId/requests/:requestId/redeliver`: one attempt now, answered in hookshot's shape. */
@Injectable()
export class Redeliver {
  constructor(
    private readonly hooks: HookDirectory,
    private readonly store: DocumentLookup,
    private readonly delivery: DocumentDelivery,
  ) {}

  async redeliver(hookId: string, documentId: string, clientId: string | null): Promise<RedeliveryView> {
    const hook = await this.hooks.findById(hookId);
    if (!hook || (clientId !== null && hook.clientId !== clientId)) throw new HookNotFound();
    const document = await this.store.find(documentId, hook.clientId);
    if (!document || !belongsToHook(document, hook)) throw new DocumentNotFound();
    const outcome = await this.delivery.deliverNow({ documentId, clientId: hook.clientId, trigger: 'redeliver' });
    if (!outcome) throw new DocumentNotFound();
    return redeliveryViewOf(document, outcome);
  }
}
