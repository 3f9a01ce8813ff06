import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient, Subscription } from '../api.js';
import { formatTime } from '../format.js';
import './filter-tester.js';

/** A certificate this close to its expiry is shown as a warning (the server warns at 14 days by default). */
const EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Small badges of how a subscription's endpoint is called, for its table row: the filter, custom
 * header names (values are never answered), the client certificate with its expiry, OAuth2.
 */
export function endpointBadges(subscription: Subscription, now = Date.now()): TemplateResult {
  const expiresAt = subscription.tls ? Date.parse(subscription.tls.client_cert_expires_at) : null;
  const certClass =
    expiresAt === null
      ? ''
      : expiresAt <= now
        ? 's-failed'
        : expiresAt - now < EXPIRY_WARNING_MS
          ? 's-pending'
          : '';
  return html`${subscription.filter ? html`<span class="badge" title="Only matching events are delivered">filter</span> ` : nothing}
  ${
    subscription.headers && Object.keys(subscription.headers).length > 0
      ? html`<span class="badge" title="Custom headers (values hidden)"
          >headers: ${Object.keys(subscription.headers).join(', ')}</span
        > `
      : nothing
  }
  ${
    subscription.tls
      ? html`<span
          class="badge ${certClass}"
          data-testid="client-cert"
          title=${subscription.tls.client_cert_subject}
          >${expiresAt !== null && expiresAt <= now ? 'mTLS expired' : 'mTLS'} ·
          ${formatTime(subscription.tls.client_cert_expires_at)}</span
        > `
      : nothing
  }
  ${subscription.oauth2 ? html`<span class="badge" title=${subscription.oauth2.token_url}>OAuth2</span>` : nothing}`;
}

/**
 * The form's part for how the endpoint is called. Secret parts are write-only: the form never holds
 * them, an empty secret field keeps what is stored, and "Remove" sends `null`.
 */
export function renderEndpointFields(existing: Subscription | null, api: ApiClient): TemplateResult {
  const headerNames = existing?.headers ? Object.keys(existing.headers) : [];
  const box = 'margin-top:0.75rem;border:1px solid var(--wh-border);border-radius:var(--wh-radius)';
  return html`<fieldset style=${box} aria-label="How the endpoint is called">
    <legend>How the endpoint is called (optional)</legend>
    <label
      >Custom headers (one per line, as Name: value)
      <textarea name="headers_text" rows="2" placeholder="X-Api-Key: …"></textarea>
    </label>
    ${
      headerNames.length > 0
        ? html`<p class="muted">
            Sent now: <span class="mono">${headerNames.join(', ')}</span> (values hidden). Leave empty to keep
            them; to change one, write every header again.
            <label class="inline"
              ><input type="checkbox" name="headers_remove" /> Remove custom headers</label
            >
          </p>`
        : nothing
    }
    <h4>Client certificate (mutual TLS)</h4>
    ${
      existing?.tls
        ? html`<p class="muted">
            Presenting <span class="mono">${existing.tls.client_cert_subject}</span>, expires
            ${formatTime(existing.tls.client_cert_expires_at)}. Paste a new certificate and key to replace it.
            <label class="inline"
              ><input type="checkbox" name="tls_remove" /> Remove the client certificate</label
            >
          </p>`
        : nothing
    }
    <div class="form-grid">
      <label
        >Certificate (PEM)
        <textarea name="tls_client_cert" rows="2" placeholder="-----BEGIN CERTIFICATE-----"></textarea>
      </label>
      <label
        >Private key (PEM)
        <textarea name="tls_client_key" rows="2" placeholder="-----BEGIN PRIVATE KEY-----"></textarea>
      </label>
      <label
        >CA of the endpoint's server certificate (PEM, optional)
        <textarea name="tls_ca" rows="2" .value=${existing?.tls?.ca ?? ''}></textarea>
      </label>
    </div>
    <h4>OAuth2 client credentials</h4>
    <div class="form-grid">
      <label
        >Token URL <input name="oauth2_token_url" type="url" .value=${existing?.oauth2?.token_url ?? ''}
      /></label>
      <label>Client id <input name="oauth2_client_id" .value=${existing?.oauth2?.client_id ?? ''} /></label>
      <label
        >Client secret
        <input
          name="oauth2_client_secret"
          type="password"
          autocomplete="off"
          placeholder=${existing?.oauth2 ? 'stored: leave empty to keep' : ''}
      /></label>
      <label>Scope <input name="oauth2_scope" .value=${existing?.oauth2?.scope ?? ''} /></label>
      <label>Audience <input name="oauth2_audience" .value=${existing?.oauth2?.audience ?? ''} /></label>
    </div>
    ${
      existing?.oauth2
        ? html`<label class="inline"><input type="checkbox" name="oauth2_remove" /> Remove OAuth2</label>`
        : nothing
    }
    <h4>Payload filter</h4>
    <label
      >Only events matching this filter (JSON; empty: every event of the chosen types)
      <textarea
        name="filter"
        rows="4"
        class="mono"
        placeholder='{ "data.amount": { "$gte": 100 } }'
        .value=${existing?.filter ? JSON.stringify(existing.filter, null, 2) : ''}
      ></textarea>
    </label>
    <wh-filter-tester .api=${api}></wh-filter-tester>
  </fieldset>`;
}

/**
 * The request fields of the form's endpoint part: on create only what is filled in; on edit also
 * `null` for a removed part, and nothing for a part left as it was.
 * @throws Error naming every problem of what was typed (header lines, PEM pairs, JSON).
 */
export function readEndpointFields(form: FormData, existing: Subscription | null): Record<string, unknown> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const body: Record<string, unknown> = {};
  const problems: string[] = [];

  if (form.get('headers_remove')) body.headers = null;
  else if (text('headers_text')) {
    const headers: Record<string, string> = {};
    text('headers_text')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .forEach((line, index) => {
        const colon = line.indexOf(':');
        if (colon <= 0) problems.push(`Custom headers, line ${index + 1}: write it as Name: value.`);
        else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      });
    body.headers = headers;
  }

  if (form.get('tls_remove')) body.tls = null;
  else if (text('tls_client_cert') || text('tls_client_key')) {
    if (!text('tls_client_cert') || !text('tls_client_key'))
      problems.push('Client certificate: paste both the certificate and its private key.');
    body.tls = {
      client_cert: text('tls_client_cert'),
      client_key: text('tls_client_key'),
      ...(text('tls_ca') ? { ca: text('tls_ca') } : {}),
    };
  }

  const oauth2 = {
    token_url: text('oauth2_token_url'),
    client_id: text('oauth2_client_id'),
    scope: text('oauth2_scope') || null,
    audience: text('oauth2_audience') || null,
  };
  const secret = text('oauth2_client_secret');
  const stored = existing?.oauth2 ?? null;
  const unchanged =
    stored !== null &&
    !secret &&
    oauth2.token_url === stored.token_url &&
    oauth2.client_id === stored.client_id &&
    oauth2.scope === (stored.scope ?? null) &&
    oauth2.audience === (stored.audience ?? null);
  if (form.get('oauth2_remove')) body.oauth2 = null;
  else if (oauth2.token_url && !unchanged)
    body.oauth2 = { ...oauth2, ...(secret ? { client_secret: secret } : {}) };

  const filter = text('filter');
  if (filter) {
    try {
      const parsed: unknown = JSON.parse(filter);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        problems.push('Payload filter: must be a JSON object.');
      body.filter = parsed;
    } catch (error) {
      problems.push(`Payload filter: not valid JSON (${(error as Error).message}).`);
    }
  } else if (existing?.filter) body.filter = null;

  if (problems.length > 0) throw new Error(problems.join(' '));
  return body;
}
