import { html, nothing, type TemplateResult } from 'lit';
import type uPlot from 'uplot';
import type { DeliveryAttempt, Page, Subscription } from '../api.js';
import { formatRate } from '../format.js';
import { ViewElement } from '../view-element.js';
import {
  bucketAttempts,
  HEALTH_RANGES,
  healthRange,
  type HealthRange,
  type HealthSeries,
} from './health-buckets.js';
import { drawHealthChart } from './health-chart.js';

/** Pages of 200 attempts read per subscription (the chart says when it was cut short). */
const MAX_PAGES = 5;

interface Health {
  subscription: Subscription;
  series: HealthSeries;
  successes: number;
  total: number;
  truncated: boolean;
}

/**
 * Endpoint health: per subscription, successes, failures and mean latency per bucket over the
 * chosen range (`params.range`: 1h, 6h, 24h, 7d).
 */
export class HealthView extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    health: { state: true },
    range: { state: true },
  };

  declare health: Health[];
  declare range: HealthRange;
  private charts: uPlot[] = [];

  constructor() {
    super();
    this.health = [];
    this.range = healthRange(undefined);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('params')) this.range = healthRange(this.params.range);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyCharts();
  }

  private destroyCharts(): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }

  private async load(): Promise<void> {
    const loaded = await this.attempt(async () => {
      const subscriptions = await this.api.get<Page<Subscription>>('/webhooks', { limit: 200 });
      const now = Date.now();
      const range = this.range;
      const since = new Date(now - range.spanMs).toISOString();
      return Promise.all(
        subscriptions.data.map(async (subscription): Promise<Health> => {
          const rows: DeliveryAttempt[] = [];
          let cursor: string | null = null;
          let truncated = false;
          for (let page = 0; page < MAX_PAGES; page++) {
            const result: Page<DeliveryAttempt> = await this.api.get('/webhooks/deliveries', {
              subscription_id: subscription.id,
              since,
              limit: 200,
              cursor,
            });
            rows.push(...result.data);
            truncated = result.has_more;
            if (!result.has_more) break;
            cursor = result.next_cursor;
          }
          const series = bucketAttempts(rows, now, range);
          const successes = series.successes.reduce((a, b) => a + b, 0);
          const total = successes + series.failures.reduce((a, b) => a + b, 0);
          return { subscription, series, successes, total, truncated };
        }),
      );
    });
    if (!loaded) return;
    this.health = loaded;
    await this.updateComplete;
    this.destroyCharts();
    for (const entry of loaded) {
      const target = this.querySelector<HTMLElement>(`[data-chart="${entry.subscription.id}"]`);
      if (target)
        this.charts.push(
          drawHealthChart(target, entry.series, this.range, Math.max(320, target.clientWidth)),
        );
    }
  }

  protected override render(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="health-title">
        <div class="actions" style="margin-top:0">
          <h2 id="health-title" style="margin:0">Endpoint health</h2>
          <span class="spacer"></span>
          <label class="inline"
            >Time range
            <select
              name="range"
              @change=${(event: Event) =>
                this.navigate('health', { range: (event.target as HTMLSelectElement).value })}
            >
              ${HEALTH_RANGES.map(
                (range) =>
                  html`<option value=${range.id} ?selected=${range.id === this.range.id}>
                    ${range.label}
                  </option>`,
              )}
            </select></label
          >
          <button type="button" @click=${() => void this.load()}>Refresh</button>
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${
          this.health.length === 0 && !this.busy
            ? html`<p class="muted">
                No ${this.mode === 'portal' ? 'endpoints' : 'subscriptions'} yet: their delivery health
                appears here once one exists and receives events.
              </p>`
            : nothing
        }
        <div class="charts">
          ${this.health.map(
            (entry) =>
              html`<figure class="card" style="margin:0">
                <figcaption>
                  <strong>${entry.subscription.name}</strong>
                  <span class="badge s-${entry.subscription.status}">${entry.subscription.status}</span>
                  <span class="muted">
                    ${formatRate(entry.successes, entry.total)} success over ${entry.total} attempts
                    (${this.range.label.toLowerCase()})${entry.truncated ? ', newest 1000 only' : ''}</span
                  >
                </figcaption>
                <div
                  class="chart-box"
                  data-chart=${entry.subscription.id}
                  role="img"
                  aria-description="Bars: successes and failures, attempts ${this.range.bucketLabel} (left axis); dashed line: mean latency in ms (right axis); over time."
                  aria-label="Successes, failures and mean latency ${this.range.bucketLabel} of ${entry.subscription.name}"
                ></div>
              </figure>`,
          )}
        </div>
      </section>
    `;
  }
}

customElements.define('wh-health', HealthView);
