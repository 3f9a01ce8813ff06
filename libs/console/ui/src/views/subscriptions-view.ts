import { html, nothing, type TemplateResult } from 'lit';
import type { DeliveryAttempt, EventType, Page, Subscription } from '../api.js';
import { formatRate, formatTime } from '../format.js';
import { ViewElement } from '../view-element.js';
import { tableHead } from './table-head.js';
import { showsWorkspace, withWorkspace, workspaceCell } from './workspace-column.js';
import { endpointBadges, readEndpointFields, renderEndpointFields } from './endpoint-fields.js';
import './event-type-picker.js';

interface Rate {
  successes: number;
  total: number;
}

type Panel =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'edit'; subscription: Subscription }
  | { kind: 'delete'; subscription: Subscription }
  | { kind: 'test'; subscription: Subscription; eventType: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The per-subscription delivery settings a server may have; numbers among them are whole numbers. */
const SETTINGS = [
  { name: 'retry_schedule', label: 'Retry schedule (e.g. 0,1m,10m,1h)', numeric: false },
  { name: 'timeout_ms', label: 'Timeout (ms)', numeric: true },
  { name: 'rate_limit', label: 'Rate limit (deliveries/s)', numeric: true },
  { name: 'max_in_flight', label: 'Max in flight', numeric: true },
] as const;

/** Whether the server knows per-subscription delivery settings (its subscriptions carry them). */
function hasSettings(subscription: Subscription | undefined): boolean {
  return subscription !== undefined && 'ordering' in subscription;
}

/**
 * Subscriptions (endpoints): status, failures, last delivery, 24 h success rate, how the endpoint is
 * called (filter, custom headers, client certificate, OAuth2); create, edit, pause/resume, rotate
 * the secret (shown once), delete (console only) and send a test event.
 */
export class SubscriptionsView extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    subscriptions: { state: true },
    rates: { state: true },
    eventTypes: { state: true },
    panel: { state: true },
    secret: { state: true },
    notice: { state: true },
  };

  declare subscriptions: Subscription[];
  declare rates: Record<string, Rate>;
  declare eventTypes: EventType[];
  declare panel: Panel;
  declare secret: { name: string; value: string } | null;
  declare notice: string | null;

  constructor() {
    super();
    this.subscriptions = [];
    this.rates = {};
    this.eventTypes = [];
    this.panel = { kind: 'none' };
    this.secret = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void this.api.get<{ data: EventType[] }>('/webhooks/event-types').then(
      (result) => (this.eventTypes = result.data),
      () => undefined,
    );
  }

  private async load(): Promise<void> {
    const page = await this.attempt(() => this.api.get<Page<Subscription>>('/webhooks', { limit: 200 }));
    if (!page) return;
    this.subscriptions = page.data;
    const since = new Date(Date.now() - DAY_MS).toISOString();
    const entries = await Promise.all(
      page.data.map(async (subscription): Promise<[string, Rate]> => {
        const log = await this.api
          .get<Page<DeliveryAttempt>>('/webhooks/deliveries', {
            subscription_id: subscription.id,
            since,
            limit: 200,
          })
          .catch(() => ({ data: [] as DeliveryAttempt[] }));
        const made = log.data.filter((row) => row.status !== 'pending');
        return [
          subscription.id,
          { successes: made.filter((row) => row.status === 'success').length, total: made.length },
        ];
      }),
    );
    this.rates = Object.fromEntries(entries);
  }

  private async save(event: SubmitEvent, existing: Subscription | null): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const eventTypes = String(form.get('event_types') ?? '')
      .split(',')
      .map((type) => type.trim())
      .filter(Boolean);
    const body: Record<string, unknown> = {
      name: String(form.get('name') ?? '').trim(),
      url: String(form.get('url') ?? '').trim(),
      description: String(form.get('description') ?? '').trim() || null,
      event_types: eventTypes.length > 0 ? eventTypes : ['*'],
    };
    if (hasSettings(existing ?? this.subscriptions[0]))
      Object.assign(body, readSettings(form, existing !== null));
    const saved = await this.attempt(() => {
      // Typing mistakes (a header line without a colon, JSON) are named before anything is sent.
      Object.assign(body, readEndpointFields(form, existing));
      return existing
        ? this.api.patch<{ data: Subscription; secret?: string }>(`/webhooks/${existing.id}`, body)
        : this.api.post<{ data: Subscription; secret?: string }>('/webhooks', body);
    });
    if (!saved) return;
    this.panel = { kind: 'none' };
    if (saved.secret) this.secret = { name: saved.data.name, value: saved.secret };
    this.notice = existing ? `Saved ${saved.data.name}.` : `Created ${saved.data.name}.`;
    await this.load();
  }

  private async setStatus(subscription: Subscription, status: 'active' | 'paused'): Promise<void> {
    const done = await this.attempt(() => this.api.patch(`/webhooks/${subscription.id}`, { status }));
    if (done === undefined) return;
    this.notice = `${subscription.name} is ${status === 'active' ? 'active again' : 'paused'}.`;
    await this.load();
  }

  private async rotate(subscription: Subscription): Promise<void> {
    const rotated = await this.attempt(() =>
      this.api.patch<{ secret: string }>(`/webhooks/${subscription.id}/secret`, {}),
    );
    if (!rotated) return;
    this.secret = { name: subscription.name, value: rotated.secret };
    this.notice = `Secret of ${subscription.name} rotated: the previous one keeps signing for 24 h.`;
  }

  private async deleteSubscription(subscription: Subscription): Promise<void> {
    const done = await this.attempt(() => this.api.delete(`/webhooks/${subscription.id}`).then(() => true));
    if (!done) return;
    this.panel = { kind: 'none' };
    this.notice = `Deleted ${subscription.name}.`;
    await this.load();
  }

  private async sendTest(event: SubmitEvent, subscription: Subscription): Promise<void> {
    event.preventDefault();
    const type = String(new FormData(event.target as HTMLFormElement).get('event_type') ?? '');
    this.notice = null;
    const result = await this.attempt(() =>
      this.api.post<{ data: { http_status: number | null; duration_ms: number } }>(
        `/webhooks/${subscription.id}/ping`,
        type ? { event_type: type } : {},
      ),
    );
    if (result)
      this.notice = `Test ${type || 'ping'} delivered to ${subscription.name}: HTTP ${result.data.http_status} in ${result.data.duration_ms} ms.`;
  }

  private async copySecret(): Promise<void> {
    if (!this.secret) return;
    try {
      await navigator.clipboard.writeText(this.secret.value);
      this.notice = 'Secret copied to the clipboard.';
    } catch {
      this.notice = 'Copying is not allowed here: select the secret and copy it by hand.';
    }
  }

  protected override render(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="subs-title">
        <div class="actions" style="margin-top:0">
          <h2 id="subs-title" style="margin:0">${this.mode === 'portal' ? 'Endpoints' : 'Subscriptions'}</h2>
          <span class="spacer"></span>
          <button type="button" @click=${() => void this.load()}>Refresh</button>
          <button type="button" class="primary" @click=${() => (this.panel = { kind: 'create' })}>
            ${this.mode === 'portal' ? 'Add endpoint' : 'New subscription'}
          </button>
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        ${this.secret ? this.renderSecret(this.secret) : nothing} ${this.renderPanel()}
        ${
          this.subscriptions.length === 0 && !this.busy
            ? html`<p class="muted">
                ${
                  this.mode === 'portal'
                    ? 'No endpoints yet: add one (Add endpoint) with the URL that should receive events, then send it a test event.'
                    : 'No subscriptions yet: create one (New subscription) with the URL that should receive events, then publish an event on the Events page.'
                }
              </p>`
            : this.renderTable()
        }
      </section>
    `;
  }

  private renderSecret(secret: { name: string; value: string }): TemplateResult {
    return html`<div class="notice" role="region" aria-label="Signing secret">
      <p>Signing secret of <strong>${secret.name}</strong>. It is shown this once: store it now.</p>
      <div class="actions">
        <code class="mono" data-testid="secret">${secret.value}</code>
        <button type="button" @click=${() => void this.copySecret()}>Copy secret</button>
        <button type="button" @click=${() => (this.secret = null)}>I stored it</button>
      </div>
    </div>`;
  }

  private renderTable(): TemplateResult {
    return html`<div class="table-wrap">
      <table class="responsive">
        ${tableHead(
          withWorkspace(showsWorkspace(this.api, this.mode, this.subscriptions), [
            'Name / URL',
            'Status',
            'Failures',
            'Last delivery',
            '24 h success',
            'Actions',
          ]),
        )}
        <tbody>
          ${this.subscriptions.map((subscription) => this.renderRow(subscription))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(subscription: Subscription): TemplateResult {
    const rate = this.rates[subscription.id];
    return html`<tr data-subscription=${subscription.id}>
      ${workspaceCell(showsWorkspace(this.api, this.mode, this.subscriptions), subscription)}
      <td data-label="Name">
        <strong>${subscription.name}</strong><br /><span class="mono muted">${subscription.url}</span>
        <br /><span class="muted">${subscription.event_types.join(', ')}</span>
        <br />${endpointBadges(subscription)}
      </td>
      <td data-label="Status">
        <span class="badge s-${subscription.status}">${subscription.status}</span>
        ${subscription.disabled_reason ? html`<br /><span class="muted">${subscription.disabled_reason}</span>` : nothing}
      </td>
      <td data-label="Failures">${subscription.failure_count}</td>
      <td data-label="Last delivery">${formatTime(subscription.last_delivered_at)}</td>
      <td data-label="24 h success">${rate ? formatRate(rate.successes, rate.total) : '…'}</td>
      <td data-label="Actions">
        <div class="actions" style="margin:0">
          <button
            type="button"
            @click=${() => (this.panel = { kind: 'edit', subscription })}
            aria-label="Edit ${subscription.name}"
          >
            Edit
          </button>
          ${
            subscription.status === 'active'
              ? html`<button
                  type="button"
                  @click=${() => void this.setStatus(subscription, 'paused')}
                  aria-label="Pause ${subscription.name}"
                >
                  Pause
                </button>`
              : html`<button
                  type="button"
                  @click=${() => void this.setStatus(subscription, 'active')}
                  aria-label="Resume ${subscription.name}"
                >
                  Resume
                </button>`
          }
          <button
            type="button"
            @click=${() => void this.rotate(subscription)}
            aria-label="Rotate secret of ${subscription.name}"
          >
            Rotate secret
          </button>
          <button
            type="button"
            @click=${() => (this.panel = { kind: 'test', subscription, eventType: '' })}
            aria-label="Send test to ${subscription.name}"
          >
            Send test
          </button>
          <button
            type="button"
            @click=${() => this.navigate('deliveries', { subscription_id: subscription.id })}
            aria-label="Deliveries of ${subscription.name}"
          >
            Deliveries
          </button>
          ${
            this.mode === 'console'
              ? html`<button
                  type="button"
                  class="danger"
                  @click=${() => (this.panel = { kind: 'delete', subscription })}
                  aria-label="Delete ${subscription.name}"
                >
                  Delete
                </button>`
              : nothing
          }
        </div>
      </td>
    </tr>`;
  }

  private renderPanel(): TemplateResult | typeof nothing {
    const panel = this.panel;
    if (panel.kind === 'create') return this.renderForm(null);
    if (panel.kind === 'edit') return this.renderForm(panel.subscription);
    if (panel.kind === 'delete')
      return html`<div class="error" role="alertdialog" aria-labelledby="delete-q">
        <p id="delete-q">
          Delete <strong>${panel.subscription.name}</strong>? Its pending deliveries are cancelled.
        </p>
        <div class="actions">
          <button
            type="button"
            class="danger"
            ?disabled=${this.busy}
            @click=${() => void this.deleteSubscription(panel.subscription)}
          >
            Yes, delete
          </button>
          <button type="button" @click=${() => (this.panel = { kind: 'none' })}>Cancel</button>
        </div>
      </div>`;
    if (panel.kind === 'test')
      return html`<form
        class="card"
        @submit=${(event: SubmitEvent) => void this.sendTest(event, panel.subscription)}
        aria-label="Send a test event"
      >
        <h3>Send a test event to ${panel.subscription.name}</h3>
        <div class="form-grid">
          <label
            >Event type
            <select
              name="event_type"
              @change=${(event: Event) =>
                (this.panel = { ...panel, eventType: (event.target as HTMLSelectElement).value })}
            >
              <option value="">(sample ping)</option>
              ${this.eventTypes.map(
                (type) =>
                  html`<option value=${type.name} ?selected=${type.name === panel.eventType}>
                    ${type.name}
                  </option>`,
              )}
            </select>
          </label>
        </div>
        ${this.renderTestData(panel.eventType)}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>
            ${this.busy ? 'Sending…' : 'Send test event'}
          </button>
          <button type="button" @click=${() => (this.panel = { kind: 'none' })}>Close</button>
        </div>
      </form>`;
    return nothing;
  }

  /** What the test sends as `data`: the type's example from the catalogue, or a generic sample. */
  private renderTestData(name: string): TemplateResult {
    const example = this.eventTypes.find((type) => type.name === name)?.example;
    if (example)
      return html`<p class="muted">Sends the example of ${name} as <span class="mono">data</span>:</p>
        <pre aria-label="Test data">${JSON.stringify(example, null, 2)}</pre>`;
    return html`<p class="muted">
      Sends a generic sample that says it is a test${name ? ` (${name} has no example)` : ''}.
    </p>`;
  }

  private renderSettings(existing: Subscription | null): TemplateResult {
    return html`<fieldset
      class="form-grid"
      style="margin-top:0.75rem;border:1px solid var(--wh-border);border-radius:var(--wh-radius)"
    >
      <legend>Delivery settings (empty: the server's default)</legend>
      ${SETTINGS.map(
        (setting) =>
          html`<label
            >${setting.label}
            <input
              name=${setting.name}
              type=${setting.numeric ? 'number' : 'text'}
              min=${setting.numeric ? '1' : nothing}
              .value=${String(existing?.[setting.name] ?? '')}
          /></label>`,
      )}
      <label
        >Ordering
        <select name="ordering">
          <option value="none" ?selected=${existing?.ordering !== 'fifo'}>parallel</option>
          <option value="fifo" ?selected=${existing?.ordering === 'fifo'}>in publish order (FIFO)</option>
        </select>
      </label>
    </fieldset>`;
  }

  private renderForm(existing: Subscription | null): TemplateResult {
    const title = existing
      ? `Edit ${existing.name}`
      : this.mode === 'portal'
        ? 'Add an endpoint'
        : 'New subscription';
    return html`<form
      class="card"
      @submit=${(event: SubmitEvent) => void this.save(event, existing)}
      aria-label=${title}
    >
      <h3>${title}</h3>
      <div class="form-grid">
        <label>Name <input name="name" required maxlength="200" .value=${existing?.name ?? ''} /></label>
        <label
          >Endpoint URL
          <input
            name="url"
            type="url"
            required
            placeholder="https://example.com/webhooks"
            .value=${existing?.url ?? ''}
        /></label>
        <label>Description <input name="description" .value=${existing?.description ?? ''} /></label>
      </div>
      <wh-event-type-picker
        .api=${this.api}
        name="event_types"
        label="Event types"
        .value=${existing?.event_types.join(', ') ?? '*'}
      ></wh-event-type-picker>
      ${hasSettings(existing ?? this.subscriptions[0]) ? this.renderSettings(existing) : nothing}
      ${renderEndpointFields(existing, this.api)}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${existing ? 'Save' : 'Create'}</button>
        <button type="button" @click=${() => (this.panel = { kind: 'none' })}>Cancel</button>
      </div>
    </form>`;
  }
}

/**
 * The settings of the form: on edit an empty field resets to the module's default (`null`), on
 * create it is left out.
 */
function readSettings(form: FormData, editing: boolean): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const raw = String(form.get(setting.name) ?? '').trim();
    if (raw) settings[setting.name] = setting.numeric ? Number(raw) : raw;
    else if (editing) settings[setting.name] = null;
  }
  settings.ordering = String(form.get('ordering') ?? 'none');
  return settings;
}

customElements.define('wh-subscriptions', SubscriptionsView);
