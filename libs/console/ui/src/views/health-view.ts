import { html, nothing, type TemplateResult } from 'lit';
import type uPlot from 'uplot';
import type { DeliveryAttempt, Page, Subscription } from '../api.js';
import { formatRate } from '../format.js';
import { ViewElement } from '../view-element.js';
import { BUCKET_MS, bucketAttempts, drawHealthChart, type HealthSeries } from './health-chart.js';

/** Hours shown. */
const HOURS = 24;
/** Pages of 200 attempts read per subscription (the chart says when it was cut short). */
const MAX_PAGES = 5;

interface Health {
  subscription: Subscription;
  series: HealthSeries;
  successes: number;
  total: number;
  truncated: boolean;
}

/** Endpoint health: per subscription, successes/failures and mean latency per hour over 24 h. */
export class HealthView extends ViewElement {
  static override properties = { ...ViewElement.properties, health: { state: true } };

  declare health: Health[];
  private charts: uPlot[] = [];

  constructor() {
    super();
    this.health = [];
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
      const since = new Date(now - HOURS * BUCKET_MS).toISOString();
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
          const series = bucketAttempts(rows, now, HOURS);
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
        this.charts.push(drawHealthChart(target, entry.series, Math.max(280, target.clientWidth - 8)));
    }
  }

  protected override render(): TemplateResult {
    return html`
      <section class="card" aria-labelledby="health-title">
        <div class="actions" style="margin-top:0">
          <h2 id="health-title" style="margin:0">Endpoint health (last 24 h)</h2>
          <span class="spacer"></span>
          <button type="button" @click=${() => void this.load()}>Refresh</button>
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
        ${this.health.length === 0 && !this.busy ? html`<p class="muted">No subscriptions.</p>` : nothing}
        <div class="charts">
          ${this.health.map(
            (entry) =>
              html`<figure class="card" style="margin:0">
                <figcaption>
                  <strong>${entry.subscription.name}</strong>
                  <span class="badge s-${entry.subscription.status}">${entry.subscription.status}</span>
                  <span class="muted">
                    ${formatRate(entry.successes, entry.total)} success over ${entry.total}
                    attempts${entry.truncated ? ' (newest 1000)' : ''}</span
                  >
                </figcaption>
                <div
                  data-chart=${entry.subscription.id}
                  role="img"
                  aria-label="Hourly successes, failures and mean latency of ${entry.subscription.name}"
                ></div>
              </figure>`,
          )}
        </div>
      </section>
    `;
  }
}

customElements.define('wh-health', HealthView);
