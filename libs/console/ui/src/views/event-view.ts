import { html, nothing, type TemplateResult } from 'lit';
import type { DeliveryAttempt, EventDelivery, Page, WebhookEvent } from '../api.js';
import {
  byTimeNewestFirst,
  deliveryStatusBadge,
  SubscriptionNoun,
  subscriptionNoun,
  testBadge,
} from '../delivery-status.js';
import { formatTime } from '../format.js';
import { ViewElement } from '../view-element.js';

/** Pages of 200 attempts read for one event (an event has one row per attempt per subscription). */
const MAX_PAGES = 5;

/**
 * One event (`params.event_id`): its payload, and per subscription it was fanned out to, the pair's
 * status (pending, retrying, delivered after n attempts, failed, cancelled) with that pair's
 * attempts as a timeline: request made, answer, duration, and the next retry while one is scheduled.
 */
export class EventView extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    event: { state: true },
    deliveries: { state: true },
    attempts: { state: true },
  };

  declare event: WebhookEvent | null;
  declare deliveries: EventDelivery[];
  /** The event's attempts, oldest first. */
  declare attempts: DeliveryAttempt[];

  constructor() {
    super();
    this.event = null;
    this.deliveries = [];
    this.attempts = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get eventId(): string {
    return this.params.event_id ?? '';
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      const [event, attempts] = await Promise.all([
        this.api
          .get<{ data: WebhookEvent }>(`/events/${encodeURIComponent(this.eventId)}`)
          .then((answer) => answer.data),
        this.loadAttempts(),
      ]);
      this.event = event;
      this.attempts = [...attempts].sort(
        (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.attempt - b.attempt,
      );
      // The API derives each pair's status (GET /events/:id `deliveries`); the page only shows it.
      this.deliveries = event.deliveries ?? [];
    });
  }

  /** Every attempt of this event: the log searched for its id, kept when the id is the event's. */
  private async loadAttempts(): Promise<DeliveryAttempt[]> {
    const rows: DeliveryAttempt[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result: Page<DeliveryAttempt> = await this.api.get('/webhooks/deliveries', {
        query: this.eventId,
        limit: 200,
        cursor,
      });
      rows.push(...result.data.filter((row) => row.event_id === this.eventId));
      if (!result.has_more) break;
      cursor = result.next_cursor;
    }
    return rows;
  }

  protected override render(): TemplateResult {
    const event = this.event;
    return html`
      <section class="card" aria-labelledby="event-title">
        <div class="actions" style="margin-top:0">
          <button
            type="button"
            @click=${() => this.navigate(this.mode === 'portal' ? 'deliveries' : 'events')}
          >
            ← ${this.mode === 'portal' ? 'Deliveries' : 'Events'}
          </button>
          <h2 id="event-title" style="margin:0">Event ${event ? event.type : ''}</h2>
          ${event?.test ? testBadge : nothing}
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${
          event
            ? html`<dl class="facts">
                  <dt>Id</dt>
                  <dd class="mono">${event.id}</dd>
                  <dt>Published</dt>
                  <dd>${formatTime(event.created_at)}</dd>
                </dl>
                <details>
                  <summary>Payload</summary>
                  <pre aria-label="Event payload">${JSON.stringify(event.data, null, 2)}</pre>
                </details>`
            : this.busy
              ? html`<p class="muted">Loading…</p>`
              : nothing
        }
      </section>
      ${event ? this.renderDeliveries() : nothing}
    `;
  }

  private renderDeliveries(): TemplateResult {
    const noun = subscriptionNoun(this.mode);
    if (this.deliveries.length === 0)
      return html`<section class="card">
        <h2>Deliveries</h2>
        <p class="muted">
          No ${noun} was subscribed to ${this.event?.type} when this event was published, so nothing was sent.
          ${this.mode === 'portal' ? 'Add an endpoint' : 'Create a subscription'} for this type to receive the
          next ones.
        </p>
      </section>`;
    return html`${this.deliveries.map((delivery) => this.renderDelivery(delivery))}`;
  }

  private renderDelivery(delivery: EventDelivery): TemplateResult {
    const name = delivery.subscription_name;
    const url = delivery.url;
    const attempts = this.attempts.filter(
      (row) => row.subscription_id === delivery.subscription_id && row.status !== 'pending',
    );
    const headingId = `delivery-${delivery.subscription_id}`;
    return html`<section class="card" aria-labelledby=${headingId} data-delivery=${delivery.subscription_id}>
      <div class="actions" style="margin-top:0">
        <h3 id=${headingId} style="margin:0">
          ${name ?? html`<span class="muted">(deleted ${subscriptionNoun(this.mode)})</span>`}
        </h3>
        ${deliveryStatusBadge(delivery.status, delivery.delivered_attempt)}
      </div>
      <dl class="facts" style="margin-top:0.5rem">
        <dt>${SubscriptionNoun(this.mode)}</dt>
        <dd class="mono">${url ?? delivery.subscription_id}</dd>
        <dt>Attempts made</dt>
        <dd>${delivery.attempts}</dd>
        <dt>Last attempt</dt>
        <dd>
          ${formatTime(delivery.last_attempt_at)}${
            delivery.last_http_status
              ? html` <span class="muted">(HTTP ${delivery.last_http_status})</span>`
              : nothing
          }
        </dd>
        <dt>Next attempt</dt>
        <dd>${delivery.status === 'retrying' ? formatTime(delivery.next_attempt_at) : '—'}</dd>
      </dl>
      <ol class="timeline" aria-label="Attempts to ${name ?? delivery.subscription_id}">
        ${byTimeNewestFirst(attempts)
          .reverse()
          .map(
            (row) =>
              html`<li data-outcome=${row.status}>
                <strong>Attempt ${row.attempt}</strong> ${row.test ? testBadge : nothing}
                <span class="muted">${formatTime(row.created_at)}</span><br />
                Request sent →
                ${this.answer(row)}${row.duration_ms === null ? '' : ` in ${row.duration_ms} ms`}
                <button
                  type="button"
                  class="link"
                  @click=${() =>
                    this.navigate('attempt', { subscription_id: row.subscription_id, attempt_id: row.id })}
                  aria-label="Details of attempt ${row.attempt} to ${name ?? delivery.subscription_id}"
                >
                  request and answer
                </button>
              </li>`,
          )}
        ${
          delivery.status === 'retrying'
            ? html`<li class="next" data-outcome="next">
                <strong>Attempt ${delivery.attempts + 1}</strong> scheduled for
                ${formatTime(delivery.next_attempt_at)}
              </li>`
            : delivery.status === 'pending'
              ? html`<li class="next" data-outcome="next"><strong>Attempt 1</strong> queued</li>`
              : nothing
        }
      </ol>
    </section>`;
  }

  /** What the endpoint answered: `HTTP 503`, or the error when there was no answer. */
  private answer(row: DeliveryAttempt): TemplateResult {
    const outcome = html`<span class="badge s-${row.status}">${row.status}</span>`;
    if (row.http_status) return html`${outcome} HTTP ${row.http_status}`;
    return html`${outcome} ${row.error ?? 'no answer'}`;
  }
}

customElements.define('wh-event', EventView);
