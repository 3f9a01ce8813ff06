import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { ApiClient, EventType } from '../api.js';
import { choicesOf, type Choice } from './event-type-choices.js';

/** Options listed at once; the search narrows the rest. */
const SHOWN = 60;

/**
 * Event types chosen from the catalogue (`GET /webhooks/event-types`) instead of typed: a search
 * box over the types and the wildcard patterns of their prefixes (`deal.*`, `*`), the chosen ones
 * shown as removable chips. A hidden input named `name` carries them comma-separated, so the form
 * around reads it as it read the text field before. With `single`, one type (a filter): a text
 * input with the catalogue as suggestions.
 */
export class EventTypePicker extends LitElement {
  static override properties = {
    api: { attribute: false },
    name: { type: String },
    label: { type: String },
    single: { type: Boolean },
    value: { type: String },
    types: { state: true },
    search: { state: true },
    chosen: { state: true },
  };

  declare api: ApiClient;
  declare name: string;
  declare label: string;
  declare single: boolean;
  /** The initial choice: comma-separated types or patterns. */
  declare value: string;
  declare types: EventType[];
  declare search: string;
  declare chosen: string[];
  private readonly uid = `picker-${Math.random().toString(36).slice(2)}`;

  constructor() {
    super();
    this.name = 'event_types';
    this.label = 'Event types';
    this.single = false;
    this.value = '';
    this.types = [];
    this.search = '';
    this.chosen = [];
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api?.get<{ data: EventType[] }>('/webhooks/event-types').then(
      (answer) => (this.types = answer.data),
      () => undefined,
    );
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value'))
      this.chosen = this.value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
  }

  private toggle(value: string, on: boolean): void {
    this.chosen = on
      ? [...this.chosen.filter((entry) => entry !== value), value]
      : this.chosen.filter((entry) => entry !== value);
  }

  /** The search text as a pattern of its own (`crm.contact.*`), when it is not listed. */
  private typedPattern(listed: Choice[]): string | null {
    const text = this.search.trim();
    if (!text || this.chosen.includes(text) || listed.some((choice) => choice.value === text)) return null;
    return /^[A-Za-z0-9_.:-]+(\.\*)?$|^\*$/.test(text) ? text : null;
  }

  protected override render(): TemplateResult {
    return this.single ? this.renderSingle() : this.renderMulti();
  }

  private renderSingle(): TemplateResult {
    return html`<label
      >${this.label}
      <input
        name=${this.name}
        list="${this.uid}-list"
        .value=${this.value}
        placeholder="any (type to search)"
        autocomplete="off"
      />
      <datalist id="${this.uid}-list">
        ${this.types.map((type) => html`<option value=${type.name}>${type.description}</option>`)}
      </datalist>
    </label>`;
  }

  private renderMulti(): TemplateResult {
    const needle = this.search.trim().toLowerCase();
    const all = choicesOf(this.types);
    const matching = all.filter(
      (choice) =>
        !needle ||
        choice.value.toLowerCase().includes(needle) ||
        choice.description.toLowerCase().includes(needle),
    );
    const typed = this.typedPattern(all);
    return html`<fieldset class="picker">
      <legend>${this.label}</legend>
      <input type="hidden" name=${this.name} .value=${this.chosen.join(', ')} />
      <div class="chips" aria-live="polite" aria-label="Chosen event types">
        ${
          this.chosen.length === 0
            ? html`<span class="muted">none chosen: every event type (*)</span>`
            : this.chosen.map(
                (value) =>
                  html`<span class="chip mono"
                    >${value}<button
                      type="button"
                      class="link"
                      aria-label="Remove ${value}"
                      @click=${() => this.toggle(value, false)}
                    >
                      ×
                    </button></span
                  >`,
              )
        }
      </div>
      <input
        type="search"
        aria-label="Search event types"
        placeholder="Search types or type a pattern such as deal.*"
        .value=${this.search}
        @input=${(event: Event) => (this.search = (event.target as HTMLInputElement).value)}
        @keydown=${(event: KeyboardEvent) => {
          // Enter adds a typed pattern instead of submitting the form around.
          if (event.key !== 'Enter') return;
          event.preventDefault();
          if (typed) this.toggle(typed, true);
        }}
      />
      <ul class="picker-list" aria-label="Event types and patterns">
        ${
          typed
            ? html`<li>
                <button type="button" class="link" @click=${() => this.toggle(typed, true)}>
                  Add “${typed}”
                </button>
              </li>`
            : nothing
        }
        ${matching.slice(0, SHOWN).map(
          (choice) =>
            html`<li>
              <label class="inline"
                ><input
                  type="checkbox"
                  .checked=${this.chosen.includes(choice.value)}
                  @change=${(event: Event) => this.toggle(choice.value, (event.target as HTMLInputElement).checked)}
                />
                <span class="mono">${choice.value}</span>
                <span class="muted">${choice.description}</span></label
              >
            </li>`,
        )}
        ${
          matching.length > SHOWN
            ? html`<li class="muted">${matching.length - SHOWN} more: narrow the search.</li>`
            : nothing
        }
      </ul>
    </fieldset>`;
  }
}

customElements.define('wh-event-type-picker', EventTypePicker);
