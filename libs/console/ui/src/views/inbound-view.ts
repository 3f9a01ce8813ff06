import { html, nothing, type TemplateResult } from 'lit';
import type { InboundEvent, InboundSource, Page } from '../api.js';
import { formatTime, localInputToIso } from '../format.js';
import { PagedView } from './paged-view.js';
import { tableHead } from './table-head.js';
import { showsWorkspace, withWorkspace, workspaceCell } from './workspace-column.js';

/**
 * Inbound (received) webhooks: source, type, status, attempts, last error; retry a failed one. Also
 * the configured sources and the URL each is called at, where the server manages sources.
 */
export class InboundView extends PagedView<InboundEvent> {
  static override properties = { ...PagedView.properties, notice: { state: true }, sources: { state: true } };

  declare notice: string | null;
  /** Configured sources (`GET /inbound-sources`); null on a server without that route. */
  declare sources: InboundSource[] | null;
  protected readonly listPath = '/inbound-events';
  private chosenFilters: Record<string, string> = {};

  constructor() {
    super();
    this.notice = null;
    this.sources = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.get<Page<InboundSource>>('/inbound-sources', { limit: 100 }).then(
      (page) => (this.sources = page.data),
      () => (this.sources = null),
    );
  }

  protected override filters(): Record<string, string> {
    return this.chosenFilters;
  }

  /** `POST /inbound-events/retry`: every failed event received in the range goes back in the queue. */
  private async retryRange(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const since = localInputToIso(String(form.get('since') ?? ''));
    const until = localInputToIso(String(form.get('until') ?? ''));
    const source = String(form.get('source') ?? '').trim();
    const result = await this.attempt(() =>
      this.api.post<{ data: { scheduled: number } }>('/inbound-events/retry', {
        status: 'failed',
        since,
        ...(until ? { until } : {}),
        ...(source ? { source } : {}),
      }),
    );
    if (!result) return;
    this.notice = `${result.data.scheduled} failed events scheduled again: their statuses below show the progress.`;
    await this.loadRows(false);
  }

  private async retry(row: InboundEvent): Promise<void> {
    const done = await this.attempt(() =>
      this.api.post(`/inbound-events/${encodeURIComponent(row.id)}/retry`),
    );
    if (done === undefined) return;
    this.notice = `Retry of ${row.id} scheduled.`;
    await this.loadRows(false);
  }

  protected override render(): TemplateResult {
    const shown = showsWorkspace(this.api, this.mode, this.rows);
    return html`
      <section class="card" aria-labelledby="inbound-title">
        <h2 id="inbound-title">Inbound events</h2>
        <form
          class="actions"
          aria-label="Filter inbound events"
          @submit=${(event: SubmitEvent) => {
            event.preventDefault();
            const form = new FormData(event.target as HTMLFormElement);
            this.chosenFilters = Object.fromEntries(
              ['source', 'status']
                .map((key) => [key, String(form.get(key) ?? '')])
                .filter(([, value]) => value),
            );
            void this.loadRows(false);
          }}
        >
          <label class="inline">Source <input name="source" placeholder="stripe" /></label>
          <label class="inline"
            >Status
            <select name="status">
              ${['', 'pending', 'processing', 'processed', 'failed'].map(
                (value) => html`<option value=${value}>${value || 'any'}</option>`,
              )}
            </select></label
          >
          <button type="submit">Filter</button>
        </form>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        <div class="table-wrap">
          <table class="responsive">
            ${tableHead(withWorkspace(shown, ['Received', 'Source', 'Type', 'Status', 'Attempts', 'Last error']), 'Actions')}
            <tbody>
              ${this.rows.map(
                (row) =>
                  html`<tr>
                    ${workspaceCell(shown, row)}
                    <td data-label="Received">${formatTime(row.received_at)}</td>
                    <td data-label="Source">${row.source}</td>
                    <td data-label="Type" class="mono">${row.type}</td>
                    <td data-label="Status"><span class="badge s-${row.status}">${row.status}</span></td>
                    <td data-label="Attempts">${row.attempts}</td>
                    <td data-label="Last error">${row.last_error ?? '—'}</td>
                    <td>
                      ${
                        row.status === 'failed'
                          ? html`<button
                              type="button"
                              @click=${() => void this.retry(row)}
                              aria-label="Retry ${row.id}"
                            >
                              Retry
                            </button>`
                          : nothing
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${this.renderListEnd(
          this.sources && this.sources.length > 0
            ? 'No inbound events yet: give a provider the URL of a source below; what it sends appears here.'
            : 'No inbound events yet: add a source (see Sources below), give the provider its URL, and what it sends appears here.',
        )}
        ${
          this.sources
            ? html`<form
                @submit=${(event: SubmitEvent) => void this.retryRange(event)}
                aria-label="Retry failed events of a range"
              >
                <h3>Retry the failed events of a time range</h3>
                <div class="form-grid">
                  <label>From <input name="since" type="datetime-local" step="1" required /></label>
                  <label>Until (empty: now) <input name="until" type="datetime-local" step="1" /></label>
                  <label>Only source <input name="source" placeholder="any" /></label>
                  <button type="submit" ?disabled=${this.busy}>Retry range</button>
                </div>
              </form>`
            : nothing
        }
      </section>
      ${
        this.sources
          ? html`<section class="card" aria-labelledby="sources-title">
              <h2 id="sources-title">Sources</h2>
              ${
                this.sources.length === 0
                  ? html`<div class="muted" data-testid="no-sources">
                      <p>
                        No sources added through the API yet. To receive a provider's webhooks, add a source
                        for it; the answer holds the URL to paste into the provider (and, for a source made
                        without a secret, the secret to give it):
                      </p>
                      <pre>
curl -X POST ${location.origin}/api/inbound-sources -H "Authorization: Bearer $KEY"   -H 'Content-Type: application/json' -d '{"name": "Acme GitHub", "type": "github"}'</pre>
                      <p>
                        Types: stripe, github, hubspot, shopify, slack, hmac, standard_webhooks. Sources
                        configured by the server's environment (e.g. STRIPE_WEBHOOK_SECRET) work without one
                        and are not listed here.
                      </p>
                    </div>`
                  : html`<dl class="facts">
                      ${this.sources.map(
                        (source) =>
                          html`<dt>${source.name} <span class="muted">(${source.type})</span></dt>
                            <dd class="mono">${source.url}</dd>`,
                      )}
                    </dl>`
              }
            </section>`
          : nothing
      }
    `;
  }
}

customElements.define('wh-inbound', InboundView);
