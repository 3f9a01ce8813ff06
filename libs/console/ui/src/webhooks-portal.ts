import { html, nothing, type TemplateResult } from 'lit';
import { ApiClient, ApiError } from './api.js';
import { AppShell, type NavItem } from './app-shell.js';
import type { AppMode } from './view-element.js';

const NAV: NavItem[] = [
  { view: 'subscriptions', label: 'Endpoints' },
  { view: 'deliveries', label: 'Deliveries' },
  { view: 'event-types', label: 'Event types' },
];

/**
 * `<webhooks-portal token="…" api-base="https://hooks.example.com/api">`: the consumer portal of one
 * workspace, authorised by a signed portal token (`Authorization: Portal <token>`; no API key in
 * the browser). Without a `token` attribute it reads `?token=` from the page's address; without
 * `api-base` it calls the server the script was loaded from. Themed from outside with CSS custom
 * properties (`--wh-accent`, `--wh-bg`, `--wh-surface`, `--wh-fg`, `--wh-font`, `--wh-radius`, …).
 */
export class WebhooksPortal extends AppShell {
  static override properties = {
    ...AppShell.properties,
    token: { type: String },
    apiBase: { type: String, attribute: 'api-base' },
    session: { state: true },
    refused: { state: true },
  };

  declare token: string;
  declare apiBase: string;
  declare session: { workspace: string; expires_at: string } | null;
  declare refused: string | null;
  private client: ApiClient | null = null;

  constructor() {
    super();
    this.token = new URLSearchParams(location.search).get('token') ?? '';
    this.apiBase = new URL(/* @vite-ignore */ '/api', import.meta.url).href;
    this.session = null;
    this.refused = null;
  }

  protected override get api(): ApiClient | null {
    return this.client;
  }

  protected override get mode(): AppMode {
    return 'portal';
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('token') || changed.has('apiBase')) void this.open();
  }

  private async open(): Promise<void> {
    this.session = null;
    this.refused = null;
    if (!this.token) {
      this.refused = 'This portal link has no token: ask for a new link.';
      return;
    }
    const client = ApiClient.withPortalToken(this.apiBase.replace(/\/$/, ''), this.token);
    try {
      const session = await client.get<{ data: { workspace: string; expires_at: string } }>(
        '/portal/session',
      );
      this.client = client;
      this.session = session.data;
    } catch (error) {
      this.refused =
        error instanceof ApiError && error.status === 401
          ? `${error.message} This portal link cannot be used.`
          : `The portal could not be opened: ${error instanceof ApiError ? error.describe() : String(error)}`;
    }
  }

  protected override render(): TemplateResult {
    if (this.refused)
      return html`<main tabindex="-1">
        <section class="card" role="alert" aria-labelledby="refused-title">
          <h1 id="refused-title" style="font-size:1.2rem">Link not valid</h1>
          <p>${this.refused}</p>
        </section>
      </main>`;
    if (!this.session)
      return html`<main tabindex="-1"><p class="muted" role="status">Opening the portal…</p></main>`;
    return html`
      <header class="bar">
        <h1>Webhooks <span class="muted" data-testid="workspace">· ${this.session.workspace}</span></h1>
        ${this.renderNav(NAV)}
        <span class="spacer"></span>
        <span class="muted">Link valid until ${new Date(this.session.expires_at).toLocaleString()}</span>
      </header>
      <main tabindex="-1">${this.client ? this.renderView() : nothing}</main>
    `;
  }
}

if (!customElements.get('webhooks-portal')) customElements.define('webhooks-portal', WebhooksPortal);
