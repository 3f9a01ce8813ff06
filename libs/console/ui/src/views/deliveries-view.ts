import { html, nothing, type TemplateResult } from 'lit';
import { DELIVERY_STATUSES, type DeliveryAttempt, type Page, type Subscription } from '../api.js';
import { byTimeNewestFirst, deliveryStatusBadge, SubscriptionNoun, testBadge } from '../delivery-status.js';
import { formatTime, localInputToIso } from '../format.js';
import './event-type-picker.js';
import { ViewElement } from '../view-element.js';
import { tableHead } from './table-head.js';
import { showsWorkspace, withWorkspace, workspaceCell } from './workspace-column.js';

/** How often the live log asks for new attempts. */
const LIVE_REFRESH_MS = 2000;

const FILTERS = [
  'status',
  'delivery_status',
  'event_type',
  'http_status_class',
  'since',
  'until',
  'subscription_id',
] as const;

/** How the delivery-status filter names each status. */
const DELIVERY_STATUS_LABELS: Record<string, string> = {
  failed: 'failed (still failing)',
  delivered: 'delivered (maybe after retries)',
};

/**
 * The cross-subscription delivery log: the API's filters (attempt status, delivery status of the
 * event and subscription, event type, HTTP class, time range, subscription), cursor paging
 * (older/newer) and live refresh of the newest page. Rows are in the order the attempts were made,
 * and a failed attempt says when its event was delivered later.
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
    this.rows = byTimeNewestFirst(page.data);
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

  /** Nothing to show: with filters, say so; without, say how deliveries start. */
  private renderEmpty(): TemplateResult {
    if (Object.keys(this.filters).length > 0)
      return html`<p class="muted">No delivery attempts match: widen or clear the filters.</p>`;
    return html`<p class="muted">
      No delivery attempts yet.
      ${
        this.mode === 'portal'
          ? 'Add an endpoint, then send it a test event from the Endpoints page: its attempts appear here.'
          : 'Create a subscription, then publish an event of a type it listens to (Events page): its attempts appear here.'
      }
    </p>`;
  }

  /** Across all workspaces: each row says its own. */
  private get withWorkspace(): boolean {
    return showsWorkspace(this.api, this.mode, this.rows);
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
              >Delivery
              <select
                name="delivery_status"
                title="The status of the event at the subscription, over all its attempts"
              >
                <option value="">any</option>
                ${DELIVERY_STATUSES.map(
                  (value) =>
                    html`<option value=${value} ?selected=${f.delivery_status === value}>
                      ${DELIVERY_STATUS_LABELS[value] ?? value}
                    </option>`,
                )}
              </select>
            </label>
            <wh-event-type-picker
              .api=${this.api}
              name="event_type"
              label="Event type"
              single
              .value=${f.event_type ?? ''}
            ></wh-event-type-picker>
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
              >${SubscriptionNoun(this.mode)}
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
            ${tableHead(
              withWorkspace(this.withWorkspace, [
                'Time',
                'Event',
                SubscriptionNoun(this.mode),
                'Attempt',
                'Status',
                'Delivery',
                'HTTP',
                'Duration',
              ]),
              'Details',
            )}
            <tbody>
              ${this.rows.map(
                (row) =>
                  html`<tr data-attempt=${row.id} data-created-at=${row.created_at}>
                    ${workspaceCell(this.withWorkspace, row)}
                    <td data-label="Time">${formatTime(row.created_at)}</td>
                    <td data-label="Event">
                      <span class="mono">${row.event_type}</span> ${row.test ? testBadge : nothing}<br />
                      ${
                        row.test
                          ? html`<span class="mono muted">${row.event_id}</span>`
                          : html`<button
                              type="button"
                              class="link mono"
                              @click=${() => this.navigate('event', { event_id: row.event_id })}
                              aria-label="Event ${row.event_id}"
                            >
                              ${row.event_id}
                            </button>`
                      }
                    </td>
                    <td data-label=${SubscriptionNoun(this.mode)}>
                      ${this.subscriptionName(row.subscription_id)}
                    </td>
                    <td data-label="Attempt">${row.attempt}</td>
                    <td data-label="Status">
                      <span class="badge s-${row.status}">${row.status}</span>
                      ${
                        row.status === 'failed' && row.delivery_status === 'delivered'
                          ? html`<br /><span class="muted" data-testid="later-delivered"
                                >delivered later</span
                              >`
                          : nothing
                      }
                    </td>
                    <td data-label="Delivery">
                      ${row.delivery_status ? deliveryStatusBadge(row.delivery_status) : '—'}
                    </td>
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
        ${this.rows.length === 0 && !this.busy ? this.renderEmpty() : nothing}
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
