import { html, LitElement, unsafeCSS, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { ApiClient } from './api.js';
import { themeStyles } from './theme.js';
import type { AppMode, Route } from './view-element.js';
import './views/attempt-view.js';
import './views/deliveries-view.js';
import './views/event-catalogue.js';
import './views/event-view.js';
import './views/events-view.js';
import './views/health-view.js';
import './views/inbound-view.js';
import './views/subscriptions-view.js';

/** A navigation entry: the view it opens and its label. */
export interface NavItem {
  view: string;
  label: string;
}

/**
 * What the console and the portal share: the theme, a navigation bar of real buttons (keyboard
 * reachable, the current one marked `aria-current`), and the view for the current route.
 */
export abstract class AppShell extends LitElement {
  static override styles = [themeStyles, unsafeCSS(uplotCss)];

  static override properties = { route: { state: true } };

  declare route: Route;

  constructor() {
    super();
    this.route = { view: 'subscriptions' };
    this.addEventListener('navigate', (event) => this.go((event as CustomEvent<Route>).detail));
  }

  /** The client of the signed-in session, or null. */
  protected abstract get api(): ApiClient | null;

  /** Console or portal. */
  protected abstract get mode(): AppMode;

  protected override updated(changed: Map<string, unknown>): void {
    // After a navigation the clicked control may be gone: move focus to the new page's content, so
    // keyboard and screen-reader users continue from there.
    if (changed.has('route') && changed.get('route') !== undefined)
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
  }

  /** Shows `route`; subclasses may also record it (the console keeps it in the address). */
  protected go(route: Route): void {
    this.route = { view: route.view, params: route.params ?? {} };
  }

  protected renderNav(items: NavItem[]): TemplateResult {
    return html`<nav aria-label="Sections">
      <ul>
        ${items.map(
          (item) =>
            html`<li>
              <button
                type="button"
                aria-current=${
                  this.route.view === item.view ||
                  (item.view === 'deliveries' && this.route.view === 'attempt') ||
                  (item.view === (this.mode === 'portal' ? 'deliveries' : 'events') &&
                    this.route.view === 'event')
                    ? 'page'
                    : 'false'
                }
                @click=${() => this.go({ view: item.view })}
              >
                ${item.label}
              </button>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  /** The current view; `keyed` makes a new element per route, so each loads its own data. */
  protected renderView(): unknown {
    const api = this.api;
    const params = this.route.params ?? {};
    const key = JSON.stringify([this.route, api?.workspace ?? null]);
    switch (this.route.view) {
      case 'deliveries':
        return keyed(
          key,
          html`<wh-deliveries .api=${api} mode=${this.mode} .params=${params}></wh-deliveries>`,
        );
      case 'attempt':
        return keyed(key, html`<wh-attempt .api=${api} mode=${this.mode} .params=${params}></wh-attempt>`);
      case 'event':
        return keyed(key, html`<wh-event .api=${api} mode=${this.mode} .params=${params}></wh-event>`);
      case 'health':
        return keyed(key, html`<wh-health .api=${api} mode=${this.mode} .params=${params}></wh-health>`);
      case 'events':
        return keyed(key, html`<wh-events .api=${api} mode=${this.mode} .params=${params}></wh-events>`);
      case 'event-types':
        return keyed(
          key,
          html`<wh-event-catalogue .api=${api} mode=${this.mode} .params=${params}></wh-event-catalogue>`,
        );
      case 'inbound':
        return keyed(key, html`<wh-inbound .api=${api} mode=${this.mode}></wh-inbound>`);
      default:
        return keyed(key, html`<wh-subscriptions .api=${api} mode=${this.mode}></wh-subscriptions>`);
    }
  }
}
