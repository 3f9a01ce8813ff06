import { ConflictException } from '@nestjs/common';
import { idempotencyConflictMessage } from '../webhooks.messages.js';

/**
 * 409 `idempotency_conflict`: the idempotency key was used before (same workspace) for an event with
 * another type or other data. Replaying the first event would let the caller believe it published
 * something it did not.
 */
export class IdempotencyConflictException extends ConflictException {
  constructor(readonly idempotencyKey: string) {
    super({
      code: 'idempotency_conflict',
      message: idempotencyConflictMessage(idempotencyKey),
      details: [{ field: 'idempotency_key', message: idempotencyConflictMessage(idempotencyKey) }],
    });
  }
}
