import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/index.js';
import { EventsController } from './api/events.controller.js';
import { RedeliverController } from './api/redeliver.controller.js';
import { ReplaysController } from './api/replays.controller.js';
import { EventsQuery } from './application/events-query.js';
import { Redeliver } from './application/redeliver.js';
import { Replays } from './application/replays.js';

/**
 * What a client asks of its documents once they are in the ledger: `GET /webhooks/v1/events` (and `/:id`), a
 * document and its attempts; `POST /hooks/:hookId/requests/:requestId/redeliver`, one attempt now; `POST /v1/replays`
 * (and `GET /:jobId`), a range of delivered documents again, as a bulk job. Redeliver and replay are here, not in
 * ledger, because they are client requests built only on the ledger's ports: they find documents through
 * DocumentLookup and send them through DocumentDelivery, as the events API reads through DocumentLookup; nothing in
 * ledger or ingest needs them. Depends on ledger only; has no infrastructure of its own.
 */
@Module({
  imports: [LedgerModule],
  controllers: [EventsController, RedeliverController, ReplaysController],
  providers: [EventsQuery, Redeliver, Replays],
})
export class QueriesModule {}
