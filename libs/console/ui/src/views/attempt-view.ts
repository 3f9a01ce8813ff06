import { html, nothing, type TemplateResult } from 'lit';
import type { AttemptDetail, Subscription, WebhookEvent } from '../api.js';
import { loadAttempt } from '../attempts.js';
import { deliveryStatusBadge, SubscriptionNoun, testBadge } from '../delivery-status.js';
import { formatTime, prettyBody } from '../format.js';
import { ViewElement } from '../view-element.js';

/** How often a queued action's new attempt is looked up. */
const PROGRESS_POLL_MS = 1000;
/** Lookups before the progress line gives up waiting (the delivery goes on in the background). */
const PROGRESS_POLLS = 60;

interface Progress {
  label: string;
  state: string;
  done: boolean;
}

/**
 * One attempt: URL, request headers and body, response status, headers and body, duration, error;
 * and the actions on it (redeliver, replay from here, recover a time range), each with progress.
 */
export class AttemptView extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    detail: { state: true },
    subscription: { state: true },
    progress: { state: true },
    requestBody: { state: true },
    bodyMissing: { state: true },
  };

  declare detail: AttemptDetail | null;
  declare subscription: Subscription | null;
  declare progress: Progress | null;
  /** The body that was sent: the event envelope, serialized once at publish time. */
  declare requestBody: string | null;
  /** Neither the attempt nor its event gave the body (an older server's test delivery). */
  declare bodyMissing: boolean;
  private polling = true;

  constructor() {
    super();
    this.detail = null;
    this.subscription = null;
    this.progress = null;
    this.requestBody = null;
    this.bodyMissing = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.polling = true;
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.polling = false;
  }

  private get subscriptionId(): string {
    return this.params.subscription_id ?? '';
  }

  private async load(): Promise<void> {
    const detail = await this.attempt(() =>
      loadAttempt(this.api, this.subscriptionId, this.params.attempt_id ?? ''),
    );
    if (!detail) return;
    this.detail = detail;
    // The attempt's own record of what was sent, where the server keeps it; else the event's envelope.
    if (detail.request_body) this.requestBody = detail.request_body;
    else {
      const event = await this.api
        .get<{ data: WebhookEvent }>(`/events/${encodeURIComponent(detail.event_id)}`)
        .catch(() => undefined);
      if (event)
        this.requestBody = JSON.stringify({
          id: event.data.id,
          event: event.data.type,
          created_at: event.data.created_at,
          data: event.data.data,
        });
      else this.bodyMissing = true;
    }
    const subscription = await this.api
      .get<{ data: Subscription }>(`/webhooks/${encodeURIComponent(this.subscriptionId)}`)
      .catch(() => undefined);
    if (subscription) this.subscription = subscription.data;
  }

  private async redeliver(): Promise<void> {
    if (!this.detail) return;
    const detail = this.detail;
    this.progress = { label: 'Redelivery', state: 'queuing…', done: false };
    const queued = await this.attempt(() =>
      this.api.post<{ data: { delivery_id: string } }>(
        `/webhooks/${encodeURIComponent(detail.subscription_id)}/events/${encodeURIComponent(detail.event_id)}/redeliver`,
      ),
    );
    if (!queued) {
      this.progress = null;
      return;
    }
    await this.follow('Redelivery', queued.data.delivery_id);
  }

  /** Shows the new attempt's state until it is made. */
  private async follow(label: string, attemptId: string): Promise<void> {
    for (let poll = 0; poll < PROGRESS_POLLS && this.polling; poll++) {
      const row = await loadAttempt(this.api, this.subscriptionId, attemptId).catch(() => null);
      const state = row ? this.describe(row) : 'queued';
      const done = row !== null && row.status !== 'pending';
      this.progress = { label, state, done };
      if (done) {
        this.dispatchEvent(new CustomEvent('attempt-made', { detail: row, bubbles: true, composed: true }));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
    }
  }

  private describe(row: AttemptDetail): string {
    if (row.status === 'pending') return 'pending';
    return `${row.status}${row.http_status ? ` (HTTP ${row.http_status})` : row.error ? ` (${row.error})` : ''}`;
  }

  private async replay(): Promise<void> {
    if (!this.detail) return;
    const detail = this.detail;
    this.progress = { label: 'Replay', state: 'scheduling…', done: false };
    const done = await this.attempt(() =>
      this.api.post(`/webhooks/${encodeURIComponent(detail.subscription_id)}/replay`, {
        event_id: detail.event_id,
      }),
    );
    this.progress = done
      ? { label: 'Replay', state: `events after ${detail.event_id} are being delivered again`, done: true }
      : null;
  }

  private async recover(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const since = String(form.get('since') ?? '');
    const until = String(form.get('until') ?? '');
    this.progress = { label: 'Recovery', state: 'scheduling…', done: false };
    const result = await this.attempt(() =>
      this.api.post<{ data: { scheduled: number } }>(
        `/webhooks/${encodeURIComponent(this.subscriptionId)}/recover`,
        {
          since: new Date(since).toISOString(),
          ...(until ? { until: new Date(until).toISOString() } : {}),
        },
      ),
    );
    this.progress = result
      ? { label: 'Recovery', state: `${result.data.scheduled} failed deliveries scheduled again`, done: true }
      : null;
  }

  protected override render(): TemplateResult {
    const d = this.detail;
    return html`
      <section class="card" aria-labelledby="attempt-title">
        <div class="actions" style="margin-top:0">
          <button
            type="button"
            @click=${() => this.navigate('deliveries', { subscription_id: this.subscriptionId })}
          >
            ← Deliveries
          </button>
          <h2 id="attempt-title" style="margin:0">Attempt ${d ? `${d.attempt} of ${d.event_type}` : ''}</h2>
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${
          this.progress
            ? html`<p class="notice" role="status" data-testid="progress">
                ${this.progress.label}:
                <strong>${this.progress.state}</strong>${this.progress.done ? '' : ' …'}
              </p>`
            : nothing
        }
        ${d ? this.renderDetail(d) : this.busy ? html`<p class="muted">Loading…</p>` : nothing}
      </section>
    `;
  }

  private renderDetail(d: AttemptDetail): TemplateResult {
    return html`
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <span class="badge s-${d.status}">${d.status}</span> ${d.test ? testBadge : nothing}
          ${
            d.delivery_status
              ? html`<span class="muted"
                    >· the event at this ${SubscriptionNoun(this.mode).toLowerCase()}:</span
                  >
                  ${deliveryStatusBadge(d.delivery_status)}`
              : nothing
          }
        </dd>
        <dt>${SubscriptionNoun(this.mode)}</dt>
        <dd>${this.subscription?.name ?? d.subscription_id}</dd>
        <dt>URL</dt>
        <dd class="mono">${d.url ?? this.subscription?.url ?? '—'}</dd>
        <dt>Event</dt>
        <dd class="mono">
          ${
            d.test
              ? html`${d.event_id} (${d.event_type}, a test delivery)`
              : html`<button
                    type="button"
                    class="link mono"
                    @click=${() => this.navigate('event', { event_id: d.event_id })}
                    aria-label="Event ${d.event_id}"
                  >
                    ${d.event_id}
                  </button>
                  (${d.event_type})`
          }
        </dd>
        <dt>Attempt id</dt>
        <dd class="mono">${d.id}</dd>
        <dt>Made at</dt>
        <dd>${formatTime(d.created_at)}</dd>
        <dt>Next attempt</dt>
        <dd>${formatTime(d.next_attempt_at)}</dd>
        <dt>Response status</dt>
        <dd>${d.http_status ?? '—'}</dd>
        <dt>Duration</dt>
        <dd>${d.duration_ms === null ? '—' : `${d.duration_ms} ms`}</dd>
        <dt>Error</dt>
        <dd>
          ${d.error ?? '—'}${d.error_class ? html` <span class="muted">(${d.error_class})</span>` : nothing}
        </dd>
      </dl>
      ${
        d.test
          ? html`<p class="muted" data-testid="test-note">
              A test delivery: its sample event was sent once to check the endpoint, so it cannot be
              redelivered or replayed. Send another test from the
              ${this.mode === 'portal' ? 'Endpoints' : 'Subscriptions'} page.
            </p>`
          : html`<div class="actions">
              <button
                type="button"
                class="primary"
                ?disabled=${this.busy}
                @click=${() => void this.redeliver()}
              >
                Redeliver
              </button>
              <button type="button" ?disabled=${this.busy} @click=${() => void this.replay()}>
                Replay from here
              </button>
            </div>`
      }
      <div class="two-col">
        <div>
          <h3>Request headers</h3>
          ${this.renderHeaders('Request headers', d.request_headers)}
          <h3>Request body</h3>
          <pre aria-label="Request body">
${this.requestBody ? prettyBody(this.requestBody) : this.bodyMissing ? 'Not recorded by this server.' : '…'}</pre>
        </div>
        <div>
          <h3>Response headers</h3>
          ${this.renderHeaders('Response headers', d.response_headers)}
          <h3>Response body</h3>
          <pre aria-label="Response body">${prettyBody(d.response_body)}</pre>
        </div>
      </div>
      ${this.mode === 'console' ? this.renderRecover() : nothing}
    `;
  }

  private renderRecover(): TemplateResult {
    return html`
      <form
        @submit=${(event: SubmitEvent) => void this.recover(event)}
        aria-label="Recover failed deliveries"
      >
        <h3>Recover failed deliveries of a time range</h3>
        <div class="form-grid">
          <label>From <input name="since" type="datetime-local" step="1" required /></label>
          <label>Until (empty: now) <input name="until" type="datetime-local" step="1" /></label>
          <button type="submit" ?disabled=${this.busy}>Recover range</button>
        </div>
      </form>
    `;
  }

  private renderHeaders(label: string, headers: Record<string, string> | null | undefined): TemplateResult {
    if (!headers) return html`<p class="muted">Not recorded by this server.</p>`;
    return html`<pre aria-label=${label}>
${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n')}</pre>`;
  }
}

customElements.define('wh-attempt', AttemptView);
