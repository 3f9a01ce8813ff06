import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { ApiError, type ApiClient } from '../api.js';

/** One condition of a filter as the server evaluated it against the event. */
interface ConditionResult {
  /** Where the condition is written in the filter (`filter.$or[0].data.x.$eq`). */
  at: string;
  path: string;
  operator: string;
  operand: unknown;
  /** Whether the event has the field; `actual` is `null` when it does not. */
  present: boolean;
  actual: unknown;
  matched: boolean;
}

/** `POST /webhooks/filters/test`'s answer. */
interface FilterTest {
  matches: boolean;
  conditions: ConditionResult[];
}

/**
 * Tries the filter written in the surrounding form against a stored event (by id) before saving:
 * the server evaluates it (`POST /webhooks/filters/test`) with the rules fan-out uses, and answers
 * each condition with the event's value, so a user sees why an event would or would not be sent.
 */
export class FilterTester extends LitElement {
  static override properties = {
    api: { attribute: false },
    eventId: { state: true },
    result: { state: true },
    failure: { state: true },
  };

  declare api: ApiClient;
  declare eventId: string;
  declare result: FilterTest | null;
  declare failure: string | null;

  constructor() {
    super();
    this.eventId = '';
    this.result = null;
    this.failure = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private async test(): Promise<void> {
    this.result = null;
    this.failure = null;
    const source =
      this.closest('form')?.querySelector<HTMLTextAreaElement>('textarea[name="filter"]')?.value ?? '';
    let filter: unknown;
    try {
      filter = JSON.parse(source.trim() || '{}');
    } catch (error) {
      this.failure = `The filter is not valid JSON (${(error as Error).message}).`;
      return;
    }
    try {
      const answer = await this.api.post<{ data: FilterTest }>('/webhooks/filters/test', {
        filter,
        event_id: this.eventId.trim(),
      });
      this.result = answer.data;
    } catch (error) {
      this.failure = error instanceof ApiError ? error.describe() : String(error);
    }
  }

  protected override render(): TemplateResult {
    return html`<div class="actions" role="group" aria-label="Test the filter">
        <input
          aria-label="Event id to test the filter against"
          placeholder="evt_… (from the Events page)"
          .value=${this.eventId}
          @input=${(event: Event) => (this.eventId = (event.target as HTMLInputElement).value)}
        />
        <button type="button" ?disabled=${!this.eventId.trim()} @click=${() => void this.test()}>
          Test against this event
        </button>
      </div>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${this.result ? this.renderResult(this.result) : nothing}`;
  }

  private renderResult(result: FilterTest): TemplateResult {
    return html`<div role="status" aria-label="Filter test result">
      <p>
        <span class="badge ${result.matches ? 's-success' : 's-failed'}"
          >${result.matches ? 'matches: it would be delivered' : 'does not match: it would not be delivered'}</span
        >
      </p>
      ${
        result.conditions.length > 0
          ? html`<table>
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Condition</th>
                  <th>Event's value</th>
                  <th>Result</th>
                </tr>
              </thead>
              <tbody>
                ${result.conditions.map(
                  (condition) =>
                    html`<tr title=${condition.at}>
                      <td class="mono">${condition.path}</td>
                      <td class="mono">${condition.operator} ${JSON.stringify(condition.operand)}</td>
                      <td class="mono">
                        ${condition.present ? JSON.stringify(condition.actual) : '(missing)'}
                      </td>
                      <td>${condition.matched ? 'yes' : 'no'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : nothing
      }
    </div>`;
  }
}

customElements.define('wh-filter-tester', FilterTester);
