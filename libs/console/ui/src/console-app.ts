import { html, nothing, type TemplateResult } from 'lit';
import { ApiClient, ApiError } from './api.js';
import { AppShell, type NavItem } from './app-shell.js';
import type { AppMode, Route } from './view-element.js';
import './views/portal-links-view.js';

/** Where the API key is kept: this tab's session storage only (gone when the tab closes). */
const KEY_STORAGE = 'webhooks-console:api-key';
/** The workspace chosen for a key bound to none, beside the key. */
const WORKSPACE_STORAGE = 'webhooks-console:workspace';

const NAV: NavItem[] = [
  { view: 'subscriptions', label: 'Subscriptions' },
  { view: 'deliveries', label: 'Deliveries' },
  { view: 'health', label: 'Health' },
  { view: 'events', label: 'Events' },
  { view: 'inbound', label: 'Inbound' },
  { view: 'portal-links', label: 'Portal links' },
];

/**
 * `<webhooks-console>`: the operator console. Signs in with an API key (sent as
 * `Authorization: Bearer`, kept in session storage), keeps the route in the address hash so the
 * browser's back button works.
 */
export class WebhooksConsole extends AppShell {
  static override properties = {
    ...AppShell.properties,
    client: { state: true },
    signInError: { state: true },
    checking: { state: true },
  };

  declare client: ApiClient | null;
  declare signInError: string | null;
  declare checking: boolean;
  private readonly apiBase = new URL('/api', location.href).href.replace(/\/$/, '');

  constructor() {
    super();
    const key = sessionStorage.getItem(KEY_STORAGE);
    this.client = key
      ? ApiClient.withKey(this.apiBase, key, sessionStorage.getItem(WORKSPACE_STORAGE))
      : null;
    this.signInError = null;
    this.checking = false;
    this.route = parseHash(location.hash);
    window.addEventListener('hashchange', () => (this.route = parseHash(location.hash)));
  }

  protected override get api(): ApiClient | null {
    return this.client;
  }

  protected override get mode(): AppMode {
    return 'console';
  }

  protected override go(route: Route): void {
    super.go(route);
    const query = new URLSearchParams(route.params ?? {}).toString();
    history.pushState(null, '', `#${route.view}${query ? `?${query}` : ''}`);
  }

  private async signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const key = String(new FormData(event.target as HTMLFormElement).get('api_key') ?? '').trim();
    if (!key) {
      this.signInError = 'Enter an API key.';
      return;
    }
    const client = ApiClient.withKey(this.apiBase, key);
    this.checking = true;
    try {
      await client.get('/webhooks', { limit: 1 });
      sessionStorage.setItem(KEY_STORAGE, key);
      this.client = client;
      this.signInError = null;
    } catch (error) {
      this.signInError =
        error instanceof ApiError ? error.describe() : `The API did not answer: ${String(error)}`;
    } finally {
      this.checking = false;
    }
  }

  private signOut(): void {
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.removeItem(WORKSPACE_STORAGE);
    this.client = null;
  }

  /** Acts in the named workspace (empty: across all); the views reload with the new client. */
  private chooseWorkspace(event: SubmitEvent): void {
    event.preventDefault();
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (!key) return;
    const workspace =
      String(new FormData(event.target as HTMLFormElement).get('workspace') ?? '').trim() || null;
    if (workspace) sessionStorage.setItem(WORKSPACE_STORAGE, workspace);
    else sessionStorage.removeItem(WORKSPACE_STORAGE);
    this.client = ApiClient.withKey(this.apiBase, key, workspace);
  }

  protected override render(): TemplateResult {
    if (!this.client) return this.renderSignIn();
    return html`
      <header class="bar">
        <h1>Webhooks console</h1>
        ${this.renderNav(NAV)}
        <span class="spacer"></span>
        <form class="actions" style="margin:0" @submit=${(event: SubmitEvent) => this.chooseWorkspace(event)}>
          <label class="inline"
            >Workspace
            <input
              name="workspace"
              size="10"
              placeholder="all"
              .value=${this.client.workspace ?? ''}
              title="For a key bound to no workspace: act inside this one (X-Workspace-Id)"
          /></label>
          <button type="submit">Switch</button>
        </form>
        <button type="button" @click=${() => this.signOut()}>Sign out</button>
      </header>
      <main tabindex="-1">
        ${
          this.route.view === 'portal-links'
            ? html`<wh-portal-links .api=${this.client}></wh-portal-links>`
            : this.renderView()
        }
      </main>
    `;
  }

  private renderSignIn(): TemplateResult {
    return html`<main tabindex="-1">
      <section class="card" style="max-width:32rem;margin:3rem auto" aria-labelledby="signin-title">
        <h1 id="signin-title" style="font-size:1.3rem">Sign in to the webhooks console</h1>
        <p class="muted">
          Use an API key of this server (<span class="mono">WEBHOOKS_API_KEYS</span>; in development the key
          printed at start-up, kept in <span class="mono">apps/api/.data/dev-api-key</span>). It stays in this
          tab only.
        </p>
        <form @submit=${(event: SubmitEvent) => void this.signIn(event)}>
          <label
            >API key <input name="api_key" type="password" autocomplete="off" required autofocus
          /></label>
          ${this.signInError ? html`<p class="error" role="alert">${this.signInError}</p>` : nothing}
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${this.checking}>
              ${this.checking ? 'Checking…' : 'Sign in'}
            </button>
          </div>
        </form>
      </section>
    </main>`;
  }
}

function parseHash(hash: string): Route {
  const [view, query] = hash.replace(/^#/, '').split('?');
  return { view: view || 'subscriptions', params: Object.fromEntries(new URLSearchParams(query ?? '')) };
}

customElements.define('webhooks-console', WebhooksConsole);
