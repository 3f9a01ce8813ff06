import { ConflictException } from '@nestjs/common';
import { batchIdempotencyConflictMessage, idempotencyConflictMessage } from '../webhooks.messages.js';

/**
 * 409 `idempotency_conflict` of a batch: idempotency keys of some of its events were used before for
 * events with another type or data; `details` names each by index (`events.3.idempotency_key`).
 * Nothing of the batch is stored.
 */
export class BatchIdempotencyConflictException extends ConflictException {
  constructor(readonly conflicts: ReadonlyArray<{ index: number; idempotencyKey: string }>) {
    super({
      code: 'idempotency_conflict',
      message: batchIdempotencyConflictMessage(conflicts.length),
      details: conflicts.map(({ index, idempotencyKey }) => ({
        field: `events.${index}.idempotency_key`,
        message: idempotencyConflictMessage(idempotencyKey),
      })),
    });
  }
}
