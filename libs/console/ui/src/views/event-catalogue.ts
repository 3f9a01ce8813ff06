import { html, nothing, type TemplateResult } from 'lit';
import type { EventType } from '../api.js';
import { schemaFields } from '../schema-fields.js';
import { ViewElement } from '../view-element.js';
import { tableHead } from './table-head.js';

/**
 * The event-type catalogue: per type its description, the fields of its `data` (from the type's JSON
 * Schema, flattened to paths such as `items[].sku`) and its example, each type an expandable entry.
 * `params.type` opens one type, scrolled into view; the console's events page and the portal's
 * "Event types" page show it.
 */
export class EventCatalogue extends ViewElement {
  static override properties = { ...ViewElement.properties, eventTypes: { state: true } };

  declare eventTypes: EventType[] | null;

  constructor() {
    super();
    this.eventTypes = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt(() => this.api.get<{ data: EventType[] }>('/webhooks/event-types')).then((result) => {
      if (result) this.eventTypes = result.data;
    });
  }

  protected override updated(changed: Map<string, unknown>): void {
    // Once the catalogue is in, bring the type the address names into view (it may be far below).
    if (changed.has('eventTypes') && this.eventTypes && this.params.type)
      this.querySelector('details[open]')?.scrollIntoView({ block: 'start' });
  }

  protected override render(): TemplateResult {
    return html`<section class="card" aria-labelledby="catalogue-title">
      <h2 id="catalogue-title">${this.mode === 'portal' ? 'Event types' : 'Event-type catalogue'}</h2>
      <p class="muted">
        Every event is delivered as <span class="mono">{"id", "event", "created_at", "data"}</span>; below,
        the fields of <span class="mono">data</span> per type and an example.
      </p>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${
        this.eventTypes === null
          ? this.failure
            ? nothing
            : html`<p class="muted" role="status">Loading the catalogue…</p>`
          : this.eventTypes.length === 0
            ? html`<p class="muted">No catalogue: any event type is accepted.</p>`
            : this.eventTypes.map((type) => this.renderType(type))
      }
    </section>`;
  }

  private renderType(type: EventType): TemplateResult {
    return html`<details
      class="event-type"
      data-event-type=${type.name}
      ?open=${this.params.type === type.name}
    >
      <summary>
        <span class="mono"><strong>${type.name}</strong></span>
        <span class="muted">${type.description}</span>
      </summary>
      <div class="two-col">
        <div>
          <h3>Fields of <span class="mono">data</span></h3>
          ${type.schema ? this.renderFields(type, type.schema) : html`<p>Any object: this type has no schema.</p>`}
        </div>
        <div>
          <h3>Example</h3>
          ${
            type.example
              ? html`<pre aria-label="Example of ${type.name}">${JSON.stringify(type.example, null, 2)}</pre>`
              : html`<p class="muted">No example.</p>`
          }
        </div>
      </div>
    </details>`;
  }

  // At phone width the rows stack (table.responsive); the path, "required"/"optional" and the
  // description read without a label, so only the type keeps one.
  private renderFields(type: EventType, schema: Record<string, unknown>): TemplateResult {
    const fields = schemaFields(schema);
    if (fields.length === 0)
      return html`<p>
        An object${schema.additionalProperties === false ? ' with no fields' : ' of any fields'}.
      </p>`;
    return html`<div class="table-wrap">
      <table class="responsive" aria-label="Fields of ${type.name}">
        ${tableHead(['Field', 'Type', 'Required', 'Description / constraints'])}
        <tbody>
          ${fields.map(
            (field) =>
              html`<tr data-field=${field.path}>
                <td class="mono"><strong>${field.path}</strong></td>
                <td data-label="Type" class="mono">${field.type}</td>
                <td>${field.required ? 'required' : 'optional'}</td>
                <td>
                  ${field.description ?? nothing}
                  ${
                    field.constraints.length
                      ? html`${field.description ? html`<br />` : nothing}<span class="muted"
                            >${field.constraints.join(' · ')}</span
                          >`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

customElements.define('wh-event-catalogue', EventCatalogue);
