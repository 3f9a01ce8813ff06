import { Injectable } from '@nestjs/common';
import { OnWebhook, type InboundContext, type InboundEvent } from '@org/ingest';

/** What a handler saw. */
export interface HandledCall {
  handler: string;
  event: InboundEvent;
  hasTransaction: boolean;
}

/** Handlers that record their calls; `failNext` makes the next calls throw. */
@Injectable()
export class RecordingHandlers {
  readonly calls: HandledCall[] = [];
  failures = 0;
  /** Runs inside the `paid` handler (e.g. a write through context.em) before it may fail. */
  beforeFailing?: (event: InboundEvent, context: InboundContext) => Promise<void>;

  @OnWebhook('stripe', 'payment_intent.succeeded')
  async paid(event: InboundEvent, context: InboundContext): Promise<void> {
    this.calls.push({ handler: 'paid', event, hasTransaction: context.em !== undefined });
    await this.beforeFailing?.(event, context);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error(`payment handler failed for ${event.externalId}`);
    }
  }

  @OnWebhook('stripe', 'payment_intent.*')
  paymentIntents(event: InboundEvent): void {
    this.calls.push({ handler: 'paymentIntents', event, hasTransaction: false });
  }

  @OnWebhook('github', 'push')
  @OnWebhook('github', 'pull_request')
  code(event: InboundEvent): void {
    this.calls.push({ handler: 'code', event, hasTransaction: false });
  }

  @OnWebhook('*')
  everything(event: InboundEvent): void {
    this.calls.push({ handler: 'everything', event, hasTransaction: false });
  }

  callsOf(handler: string): HandledCall[] {
    return this.calls.filter((c) => c.handler === handler);
  }
}
