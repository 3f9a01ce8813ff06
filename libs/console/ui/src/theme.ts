import { css } from 'lit';

/**
 * Styles of every view. Colours, font and radius are CSS custom properties, so a host app themes
 * the portal from outside its shadow root: `webhooks-portal { --wh-accent: #7c3aed; }`.
 */
export const themeStyles = css`
  :host {
    --wh-accent: #2563eb;
    --wh-accent-fg: #fff;
    --wh-bg: #f6f7f9;
    --wh-surface: #fff;
    --wh-fg: #111827;
    --wh-muted: #5b6472;
    --wh-border: #d8dce3;
    --wh-success: #15803d;
    --wh-danger: #b91c1c;
    --wh-warning: #a16207;
    --wh-radius: 6px;
    --wh-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --wh-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    display: block;
    color: var(--wh-fg);
    background: var(--wh-bg);
    font: 14px/1.45 var(--wh-font);
    min-height: 100%;
  }
  * {
    box-sizing: border-box;
  }
  header.bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    padding: 0.6rem 1rem;
    background: var(--wh-surface);
    border-bottom: 1px solid var(--wh-border);
  }
  header.bar h1 {
    font-size: 1.05rem;
    margin: 0 1rem 0 0;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav button[aria-current='page'] {
    background: var(--wh-accent);
    color: var(--wh-accent-fg);
    border-color: var(--wh-accent);
  }
  .spacer {
    flex: 1;
  }
  main:focus {
    outline: none;
  }
  main {
    padding: 1rem;
    max-width: 1400px;
    margin: 0 auto;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0.25rem 0 0.75rem;
  }
  h3 {
    font-size: 1rem;
    margin: 1rem 0 0.5rem;
  }
  section.card {
    background: var(--wh-surface);
    border: 1px solid var(--wh-border);
    border-radius: var(--wh-radius);
    padding: 1rem;
    margin-bottom: 1rem;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    padding: 0.35rem 0.75rem;
    border: 1px solid var(--wh-border);
    border-radius: var(--wh-radius);
    background: var(--wh-surface);
  }
  button.primary {
    background: var(--wh-accent);
    border-color: var(--wh-accent);
    color: var(--wh-accent-fg);
  }
  button.danger {
    color: var(--wh-danger);
    border-color: var(--wh-danger);
  }
  button:disabled {
    opacity: 0.55;
    cursor: progress;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--wh-accent);
    outline-offset: 1px;
  }
  input,
  select,
  textarea {
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--wh-border);
    border-radius: var(--wh-radius);
    background: var(--wh-surface);
    min-width: 0;
  }
  textarea {
    width: 100%;
    font-family: var(--wh-mono);
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    font-weight: 500;
  }
  label.inline {
    flex-direction: row;
    align-items: center;
  }
  .form-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
    gap: 0.75rem;
    align-items: end;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-top: 0.75rem;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid var(--wh-border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    color: var(--wh-muted);
    font-size: 0.85rem;
  }
  .mono {
    overflow-wrap: anywhere;
  }
  td.mono,
  .mono,
  pre {
    font-family: var(--wh-mono);
    font-size: 0.85rem;
  }
  pre {
    white-space: pre-wrap;
    word-break: break-all;
    background: var(--wh-bg);
    border: 1px solid var(--wh-border);
    border-radius: var(--wh-radius);
    padding: 0.5rem;
    max-height: 22rem;
    overflow: auto;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 999px;
    font-size: 0.8rem;
    font-weight: 600;
    border: 1px solid currentColor;
  }
  .s-success,
  .s-active,
  .s-processed {
    color: var(--wh-success);
  }
  .s-failed,
  .s-disabled {
    color: var(--wh-danger);
  }
  .s-pending,
  .s-paused,
  .s-processing {
    color: var(--wh-warning);
  }
  .s-test {
    color: var(--wh-accent);
  }
  .ds-delivered {
    color: var(--wh-success);
  }
  .ds-failed {
    color: var(--wh-danger);
  }
  .ds-retrying,
  .ds-pending {
    color: var(--wh-warning);
  }
  .ds-cancelled {
    color: var(--wh-muted);
  }
  ol.timeline {
    list-style: none;
    margin: 0.5rem 0 0;
    padding: 0 0 0 1rem;
    border-left: 2px solid var(--wh-border);
  }
  ol.timeline > li {
    position: relative;
    padding: 0.25rem 0 0.75rem 0.75rem;
  }
  ol.timeline > li::before {
    content: '';
    position: absolute;
    left: -1.45rem;
    top: 0.55rem;
    width: 0.7rem;
    height: 0.7rem;
    border-radius: 50%;
    background: var(--wh-muted);
  }
  ol.timeline > li[data-outcome='success']::before {
    background: var(--wh-success);
  }
  ol.timeline > li[data-outcome='failed']::before {
    background: var(--wh-danger);
  }
  ol.timeline > li[data-outcome='next']::before {
    background: var(--wh-surface);
    border: 2px solid var(--wh-warning);
  }
  fieldset.picker {
    border: 1px solid var(--wh-border);
    border-radius: var(--wh-radius);
    padding: 0.5rem;
    margin: 0.5rem 0 0;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  fieldset.picker legend {
    font-weight: 500;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  .chip {
    border: 1px solid var(--wh-border);
    border-radius: 999px;
    padding: 0 0.25rem 0 0.5rem;
    background: var(--wh-bg);
  }
  .chip button {
    margin-left: 0.25rem;
    text-decoration: none;
  }
  ul.picker-list {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: 12rem;
    overflow: auto;
  }
  ul.picker-list label {
    font-weight: 400;
    gap: 0.5rem;
  }
  .chart-box {
    width: 100%;
    min-height: 300px;
  }
  .uplot .u-legend {
    font-size: 0.85rem;
  }
  .muted {
    color: var(--wh-muted);
  }
  .error {
    color: var(--wh-danger);
    border: 1px solid var(--wh-danger);
    border-radius: var(--wh-radius);
    padding: 0.5rem 0.75rem;
    background: var(--wh-surface);
  }
  .notice {
    margin: 0.5rem 0;
    border: 1px solid var(--wh-accent);
    border-radius: var(--wh-radius);
    padding: 0.5rem 0.75rem;
    background: var(--wh-surface);
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  dl.facts dt {
    color: var(--wh-muted);
  }
  dl.facts dd {
    margin: 0;
    word-break: break-all;
  }
  details.event-type {
    border-top: 1px solid var(--wh-border);
    padding: 0.5rem 0;
  }
  details.event-type > summary {
    cursor: pointer;
  }
  details.event-type > summary > .muted {
    margin-left: 0.75rem;
  }
  details.event-type[open] > summary {
    margin-bottom: 0.25rem;
  }
  .two-col {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 1rem;
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(560px, 1fr));
    gap: 1rem;
  }
  .link {
    background: none;
    border: none;
    padding: 0;
    color: var(--wh-accent);
    text-decoration: underline;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  @media (max-width: 700px) {
    main {
      padding: 0.5rem;
    }
    .two-col,
    .charts {
      grid-template-columns: 1fr;
    }
    table.responsive thead {
      display: none;
    }
    table.responsive tr {
      display: block;
      border-bottom: 1px solid var(--wh-border);
      padding: 0.4rem 0;
    }
    table.responsive td {
      display: block;
      border: none;
      padding: 0.15rem 0.25rem;
      overflow-wrap: anywhere;
    }
    table.responsive td[data-label]::before {
      content: attr(data-label);
      display: block;
      color: var(--wh-muted);
      font-size: 0.8rem;
      font-weight: 600;
    }
  }
`;
