import { html, nothing, type TemplateResult } from 'lit';

/**
 * The header row of a list table: one column header per name, then, when `actionsLabel` is given,
 * a last column for the row's buttons whose name only screen readers hear.
 */
export function tableHead(columns: readonly string[], actionsLabel?: string): TemplateResult {
  return html`<thead>
    <tr>
      ${columns.map((column) => html`<th scope="col">${column}</th>`)}
      ${actionsLabel ? html`<th scope="col"><span class="sr-only">${actionsLabel}</span></th>` : nothing}
    </tr>
  </thead>`;
}
