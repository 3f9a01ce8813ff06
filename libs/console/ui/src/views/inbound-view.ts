import { html, nothing, type TemplateResult } from 'lit';
import type { InboundEvent, Page } from '../api.js';
import { formatTime } from '../format.js';
import { ViewElement } from '../view-element.js';

/** Inbound (received) webhooks: source, type, status, attempts, last error; retry a failed one. */
export class InboundView extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    rows: { state: true },
    notice: { state: true },
    nextCursor: { state: true },
  };

  declare rows: InboundEvent[];
  declare notice: string | null;
  declare nextCursor: string | null;
  private filters: Record<string, string> = {};

  constructor() {
    super();
    this.rows = [];
    this.notice = null;
    this.nextCursor = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load(false);
  }

  private async load(more: boolean): Promise<void> {
    const page = await this.attempt(() =>
      this.api.get<Page<InboundEvent>>('/inbound-events', {
        ...this.filters,
        limit: 25,
        cursor: more ? this.nextCursor : undefined,
      }),
    );
    if (!page) return;
    this.rows = more ? [...this.rows, ...page.data] : page.data;
    this.nextCursor = page.has_more ? page.next_cursor : null;
  }

  private async retry(row: InboundEvent): Promise<void> {
    const done = await this.attempt(() =>
      this.api.post(`/inbound-events/${encodeURIComponent(row.id)}/retry`),
    );
    if (done === undefined) return;
    this.notice = `Retry of ${row.id} scheduled.`;
    await this.load(false);
  }

  protected override render(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="inbound-title">
        <h2 id="inbound-title">Inbound events</h2>
        <form
          class="actions"
          aria-label="Filter inbound events"
          @submit=${(event: SubmitEvent) => {
            event.preventDefault();
            const form = new FormData(event.target as HTMLFormElement);
            this.filters = Object.fromEntries(
              ['source', 'status']
                .map((key) => [key, String(form.get(key) ?? '')])
                .filter(([, value]) => value),
            );
            void this.load(false);
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
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Source</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${this.rows.map(
                (row) =>
                  html`<tr>
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
        ${this.rows.length === 0 && !this.busy ? html`<p class="muted">No inbound events.</p>` : nothing}
        ${this.nextCursor ? html`<button type="button" @click=${() => void this.load(true)}>Load more</button>` : nothing}
      </section>
    `;
  }
}

customElements.define('wh-inbound', InboundView);
