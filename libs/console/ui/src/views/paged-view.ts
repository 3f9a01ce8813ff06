import { html, nothing, type TemplateResult } from 'lit';
import type { Page } from '../api.js';
import { ViewElement } from '../view-element.js';

/** Rows per page of the "load more" lists. */
const PAGE_SIZE = 25;

/**
 * A view over one list endpoint, read newest first with "Load more" following `next_cursor`.
 * Subclasses name the endpoint and the filters; `rows` holds what has been read.
 */
export abstract class PagedView<T> extends ViewElement {
  static override properties = {
    ...ViewElement.properties,
    rows: { state: true },
    nextCursor: { state: true },
  };

  declare rows: T[];
  declare nextCursor: string | null;

  /** The list endpoint, e.g. `/events`. */
  protected abstract readonly listPath: string;

  constructor() {
    super();
    this.rows = [];
    this.nextCursor = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadRows(false);
  }

  /** The filters of the next request. */
  protected filters(): Record<string, string> {
    return {};
  }

  /** Reads the first page again, or (`more`) the next one after what is shown. */
  protected async loadRows(more: boolean): Promise<void> {
    const page = await this.attempt(() =>
      this.api.get<Page<T>>(this.listPath, {
        ...this.filters(),
        limit: PAGE_SIZE,
        cursor: more ? this.nextCursor : undefined,
      }),
    );
    if (!page) return;
    this.rows = more ? [...this.rows, ...page.data] : page.data;
    this.nextCursor = page.has_more ? page.next_cursor : null;
  }

  /** "Nothing here" while empty, and the "Load more" button while there is more. */
  protected renderListEnd(empty: string): TemplateResult {
    return html`${this.rows.length === 0 && !this.busy ? html`<p class="muted">${empty}</p>` : nothing}
    ${
      this.nextCursor
        ? html`<button type="button" @click=${() => void this.loadRows(true)}>Load more</button>`
        : nothing
    }`;
  }
}
