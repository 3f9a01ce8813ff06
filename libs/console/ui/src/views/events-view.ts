import { html, nothing, type TemplateResult } from 'lit';
import type { EventType, WebhookEvent } from '../api.js';
import { formatTime } from '../format.js';
import './event-catalogue.js';
import './event-type-picker.js';
import { PagedView } from './paged-view.js';
import { tableHead } from './table-head.js';
import { showsWorkspace, withWorkspace, workspaceCell } from './workspace-column.js';

/** The publish form's data before a type with an example is chosen. */
const DEFAULT_DATA = '{"id": "obj_1"}';

/** A type's example as the publish form's starting data, or the generic one. */
function exampleData(type: EventType | undefined): string {
  return type?.example ? JSON.stringify(type.example, null, 2) : DEFAULT_DATA;
}

/**
 * The event log, with a publish form that starts from the chosen type's example, and the event-type
 * catalogue (`params.type` opens one type).
 */
export class EventsView extends PagedView<WebhookEvent> {
  static override properties = {
    ...PagedView.properties,
    eventTypes: { state: true },
    selected: { state: true },
    notice: { state: true },
    chosen: { state: true },
    draft: { state: true },
  };

  declare eventTypes: EventType[];
  /** The type chosen in the publish form. */
  declare chosen: EventType | undefined;
  /** The data the publish form starts from: the chosen type's example. */
  declare draft: string;
  declare selected: WebhookEvent | null;
  declare notice: string | null;
  protected readonly listPath = '/events';
  private typeFilter = '';

  constructor() {
    super();
    this.eventTypes = [];
    this.selected = null;
    this.notice = null;
    this.draft = DEFAULT_DATA;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.get<{ data: EventType[] }>('/webhooks/event-types').then(
      (result) => {
        this.eventTypes = result.data;
        this.choose(result.data[0]);
      },
      () => undefined,
    );
  }

  private choose(type: EventType | undefined): void {
    this.chosen = type;
    this.draft = exampleData(type);
  }

  protected override filters(): Record<string, string> {
    return this.typeFilter ? { type: this.typeFilter } : {};
  }

  private async publish(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    let data: unknown;
    try {
      data = JSON.parse(String(form.get('data') ?? '{}'));
    } catch (error) {
      this.failure = `data is not valid JSON: ${(error as Error).message}`;
      return;
    }
    const published = await this.attempt(() =>
      this.api.post<{ data: { id: string } }>('/events', { type: String(form.get('type') ?? ''), data }),
    );
    if (!published) return;
    this.notice = `Published ${published.data.id}: matching subscriptions receive it now.`;
    await this.loadRows(false);
  }

  protected override render(): TemplateResult {
    const shown = showsWorkspace(this.api, this.mode, this.rows);
    return html`
      <section class="card" aria-labelledby="publish-title">
        <h2 id="publish-title">Publish an event</h2>
        <form @submit=${(event: SubmitEvent) => void this.publish(event)} aria-label="Publish an event">
          <div class="form-grid">
            <label
              >Event type
              <select
                name="type"
                required
                @change=${(event: Event) =>
                  this.choose(
                    this.eventTypes.find((type) => type.name === (event.target as HTMLSelectElement).value),
                  )}
              >
                ${this.eventTypes.map((type) => html`<option value=${type.name}>${type.name}</option>`)}
              </select>
            </label>
            ${
              this.chosen
                ? html`<button
                    type="button"
                    class="link"
                    style="justify-self:start"
                    @click=${() => this.chosen && this.navigate('events', { type: this.chosen.name })}
                  >
                    Fields of ${this.chosen.name}
                  </button>`
                : nothing
            }
          </div>
          <label style="margin-top:0.5rem"
            >Data (JSON object) <span class="muted">starts as the chosen type's example</span>
            <textarea name="data" rows="6" .value=${this.draft}></textarea>
          </label>
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${this.busy}>Publish</button>
          </div>
        </form>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">Events</h2>
        <form
          class="actions"
          @submit=${(event: SubmitEvent) => {
            event.preventDefault();
            this.typeFilter = String(new FormData(event.target as HTMLFormElement).get('type') ?? '');
            void this.loadRows(false);
          }}
          aria-label="Filter events"
        >
          <wh-event-type-picker .api=${this.api} name="type" label="Type" single></wh-event-type-picker>
          <button type="submit">Filter</button>
        </form>
        <div class="table-wrap">
          <table class="responsive">
            ${tableHead(withWorkspace(shown, ['Time', 'Type', 'Id']), 'Actions')}
            <tbody>
              ${this.rows.map(
                (event) =>
                  html`<tr>
                    ${workspaceCell(shown, event)}
                    <td data-label="Time">${formatTime(event.created_at)}</td>
                    <td data-label="Type" class="mono">${event.type}</td>
                    <td data-label="Id" class="mono">${event.id}</td>
                    <td>
                      <button
                        type="button"
                        class="primary"
                        @click=${() => this.navigate('event', { event_id: event.id })}
                        aria-label="Deliveries of ${event.id}"
                      >
                        Deliveries
                      </button>
                      <button
                        type="button"
                        @click=${() => (this.selected = event)}
                        aria-label="Payload of ${event.id}"
                      >
                        Payload
                      </button>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${this.renderListEnd('No events yet: publish one with the form above (or POST /api/events from your app), then open it to follow its deliveries.')}
        ${
          this.selected
            ? html`<h3>Payload of ${this.selected.id}</h3>
                <pre>${JSON.stringify(this.selected.data, null, 2)}</pre>`
            : nothing
        }
      </section>
      <wh-event-catalogue .api=${this.api} mode=${this.mode} .params=${this.params}></wh-event-catalogue>
    `;
  }
}

customElements.define('wh-events', EventsView);
