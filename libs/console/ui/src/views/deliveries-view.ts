import { html, nothing, type TemplateResult } from 'lit';
import type { DeliveryAttempt, Page, Subscription } from '../api.js';
import { formatTime, localInputToIso } from '../format.js';
import { ViewElement } from '../view-element.js';
import { tableHead } from './table-head.js';

/** How often the live log asks for new attempts. */
const LIVE_REFRESH_MS = 2000;

const FILTERS = ['status', 'event_type', 'http_status_class', 'since', 'until', 'subscription_id'] as const;

/**
 * The cross-subscription delivery log: the API's filters (status, event type, HTTP class, time
 * range, subscription), cursor paging (older/newer) and live refresh of the newest page.
 */
export class DeliveriesView extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    rows: { state: true },
    nextCursor: { state: true },
    cursors: { state: true },
    live: { state: true },
    subscriptions: { state: true },
    lastLoaded: { state: true },
  };

  declare rows: DeliveryAttempt[];
  declare nextCursor: string | null;
  /** The cursors of the pages before the current one (the first page has none). */
  declare cursors: (string | null)[];
  declare live: boolean;
  declare subscriptions: Subscription[];
  declare lastLoaded: Date | null;
  private filters: Record<string, string> = {};
  /** The cursor the shown page was loaded with (`null`: the newest page). */
  private pageCursor: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.rows = [];
    this.nextCursor = null;
    this.cursors = [];
    this.live = true;
    this.subscriptions = [];
    this.lastLoaded = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.filters = Object.fromEntries(
      FILTERS.filter((key) => this.params[key]).map((key) => [key, this.params[key]]),
    );
    void this.load(null);
    void this.api.get<Page<Subscription>>('/webhooks', { limit: 200 }).then(
      (page) => (this.subscriptions = page.data),
      () => undefined,
    );
    this.timer = setInterval(() => {
      if (this.live && this.cursors.length === 0 && !this.busy && document.visibilityState !== 'hidden')
        void this.load(null, true);
    }, LIVE_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private async load(cursor: string | null, quiet = false): Promise<void> {
    const run = () =>
      this.api.get<Page<DeliveryAttempt>>('/webhooks/deliveries', { ...this.filters, cursor, limit: 25 });
    const page = quiet ? await run().catch(() => undefined) : await this.attempt(run);
    if (!page) return;
    this.rows = page.data;
    this.nextCursor = page.has_more ? page.next_cursor : null;
    this.lastLoaded = new Date();
  }

  private applyFilters(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const values: Record<string, string> = {};
    for (const key of FILTERS) {
      const raw = String(form.get(key) ?? '');
      const value = key === 'since' || key === 'until' ? localInputToIso(raw) : raw;
      if (value) values[key] = value;
    }
    this.filters = values;
    this.cursors = [];
    this.pageCursor = null;
    void this.load(null);
  }

  private older(): void {
    if (!this.nextCursor) return;
    this.cursors = [...this.cursors, this.pageCursor];
    const cursor = this.nextCursor;
    this.pageCursor = cursor;
    void this.load(cursor);
  }

  private newer(): void {
    const previous = this.cursors.at(-1) ?? null;
    this.cursors = this.cursors.slice(0, -1);
    this.pageCursor = previous;
    void this.load(previous);
  }

  private subscriptionName(id: string): string {
    return this.subscriptions.find((subscription) => subscription.id === id)?.name ?? id;
  }

  protected override render(): TemplateResult {
    const f = this.filters;
    return html`
      <section class="card" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Deliveries</h2>
        <form @submit=${(event: SubmitEvent) => this.applyFilters(event)} aria-label="Filter deliveries">
          <div class="form-grid">
            <label
              >Status
              <select name="status">
                ${['', 'success', 'failed', 'pending'].map(
                  (value) =>
                    html`<option value=${value} ?selected=${f.status === value}>${value || 'any'}</option>`,
                )}
              </select>
            </label>
            <label
              >Event type <input name="event_type" .value=${f.event_type ?? ''} placeholder="e.g. deal.won"
            /></label>
            <label
              >HTTP status
              <select name="http_status_class">
                ${['', '2xx', '3xx', '4xx', '5xx'].map(
                  (value) =>
                    html`<option value=${value} ?selected=${f.http_status_class === value}>
                      ${value || 'any'}
                    </option>`,
                )}
              </select>
            </label>
            <label
              >Subscription
              <select name="subscription_id">
                <option value="">all</option>
                ${this.subscriptions.map(
                  (subscription) =>
                    html`<option value=${subscription.id} ?selected=${f.subscription_id === subscription.id}>
                      ${subscription.name}
                    </option>`,
                )}
              </select>
            </label>
            <label>From <input name="since" type="datetime-local" step="1" /></label>
            <label>Until <input name="until" type="datetime-local" step="1" /></label>
          </div>
          <div class="actions">
            <button type="submit" class="primary">Apply filters</button>
            <label class="inline"
              ><input
                type="checkbox"
                .checked=${this.live}
                @change=${(event: Event) => (this.live = (event.target as HTMLInputElement).checked)}
              />
              Live refresh</label
            >
            <span class="muted" aria-live="polite"
              >${this.lastLoaded ? `Updated ${this.lastLoaded.toLocaleTimeString()}` : ''}</span
            >
          </div>
        </form>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        <div class="table-wrap">
          <table class="responsive" aria-label="Delivery attempts">
            ${tableHead(['Time', 'Event', 'Subscription', 'Attempt', 'Status', 'HTTP', 'Duration'], 'Details')}
            <tbody>
              ${this.rows.map(
                (row) =>
                  html`<tr data-attempt=${row.id}>
                    <td data-label="Time">${formatTime(row.created_at)}</td>
                    <td data-label="Event">
                      <span class="mono">${row.event_type}</span><br /><span class="mono muted"
                        >${row.event_id}</span
                      >
                    </td>
                    <td data-label="Subscription">${this.subscriptionName(row.subscription_id)}</td>
                    <td data-label="Attempt">${row.attempt}</td>
                    <td data-label="Status"><span class="badge s-${row.status}">${row.status}</span></td>
                    <td data-label="HTTP">${row.http_status ?? (row.error ? row.error : '—')}</td>
                    <td data-label="Duration">${row.duration_ms === null ? '—' : `${row.duration_ms} ms`}</td>
                    <td>
                      <button
                        type="button"
                        @click=${() => this.navigate('attempt', { subscription_id: row.subscription_id, attempt_id: row.id })}
                        aria-label="Details of attempt ${row.attempt} of ${row.event_type}"
                      >
                        Details
                      </button>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${this.rows.length === 0 && !this.busy ? html`<p class="muted">No delivery attempts match.</p>` : nothing}
        <div class="actions">
          <button type="button" ?disabled=${this.cursors.length === 0} @click=${() => this.newer()}>
            ← Newer
          </button>
          <button type="button" ?disabled=${!this.nextCursor} @click=${() => this.older()}>Older →</button>
        </div>
      </section>
    `;
  }
}

customElements.define('wh-deliveries', DeliveriesView);
