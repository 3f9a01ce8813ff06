import { html, nothing, type TemplateResult } from 'lit';
import { ViewElement } from '../view-element.js';

/** Creates consumer-portal links (`POST /portal/sessions`) to hand to a customer or embed. */
export class PortalLinksView extends ViewElement {
  static override properties = { ...ViewElement.properties, link: { state: true } };

  declare link: { url: string; workspace: string; expires_at: string } | null;

  constructor() {
    super();
    this.link = null;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const workspace = String(form.get('workspace') ?? '').trim();
    const ttl = Number(form.get('ttl_seconds') ?? 3600);
    // The workspace goes in the body only: the console's own choice (X-Workspace-Id) would bind the
    // request to that workspace, and naming another in the body would then answer 404.
    const created = await this.attempt(() =>
      this.api
        .inWorkspace(null)
        .post<{ data: { url: string; workspace: string; expires_at: string } }>('/portal/sessions', {
          workspace,
          ttl_seconds: ttl,
        }),
    );
    if (created) this.link = created.data;
  }

  protected override render(): TemplateResult {
    return html`<section class="card" aria-labelledby="links-title">
      <h2 id="links-title">Consumer portal links</h2>
      <p class="muted">
        A signed link opens the portal on one workspace, with no API key in the customer's browser. Embed it
        in an iframe or with the &lt;webhooks-portal&gt; element.
      </p>
      <p class="muted" id="links-workspace-hint">
        The portal shows one workspace: the one the console acts in, unless you name another (a key bound to a
        workspace can only name its own).
      </p>
      <form @submit=${(event: SubmitEvent) => void this.create(event)} aria-label="Create a portal link">
        <div class="form-grid">
          <label
            >Workspace
            <input
              name="workspace"
              placeholder="acme"
              autocomplete="off"
              required
              .value=${this.api.workspace ?? ''}
              aria-describedby="links-workspace-hint"
          /></label>
          <label
            >Valid for (seconds) <input name="ttl_seconds" type="number" min="1" value="3600" required
          /></label>
          <button type="submit" class="primary" ?disabled=${this.busy}>Create link</button>
        </div>
      </form>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${
        this.link
          ? html`<div class="notice" role="status">
              <p>
                Portal of <strong>${this.link.workspace}</strong>, valid until
                ${new Date(this.link.expires_at).toLocaleString()}:
              </p>
              <p>
                <a class="mono" href=${this.link.url} target="_blank" rel="noopener" data-testid="portal-url"
                  >${this.link.url}</a
                >
              </p>
              <h3>Embed as an iframe</h3>
              <pre aria-label="iframe snippet">${embedSnippets(this.link.url).iframe}</pre>
              <h3>Or as the &lt;webhooks-portal&gt; element</h3>
              <pre aria-label="element snippet">${embedSnippets(this.link.url).element}</pre>
            </div>`
          : nothing
      }
    </section>`;
  }
}

/** What a host app pastes into its page to show the portal of `url`. */
function embedSnippets(url: string): { iframe: string; element: string } {
  const link = new URL(url);
  const token = link.searchParams.get('token') ?? '';
  return {
    iframe: `<iframe src="${url}" title="Webhooks" style="width:100%;height:720px;border:0"></iframe>`,
    element: [
      `<script type="module" src="${link.origin}/ui-assets/portal.js"></script>`,
      `<webhooks-portal token="${token}" api-base="${link.origin}/api"></webhooks-portal>`,
      `<style>webhooks-portal { --wh-accent: #2563eb; }</style>`,
    ].join('\n'),
  };
}

customElements.define('wh-portal-links', PortalLinksView);
