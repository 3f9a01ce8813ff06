import { LitElement } from 'lit';
import { ApiError, type ApiClient } from './api.js';
import type { AppMode } from './app-mode.js';

export type { AppMode } from './app-mode.js';

/** Where a view asks to go: a view name and its parameters. */
export interface Route {
  view: string;
  params?: Record<string, string>;
}

/**
 * Base of every view: rendered into the light DOM of the app's shadow root (so the app's theme
 * applies), holding the API client and the mode, navigating by a `navigate` event the app handles.
 */
export class ViewElement extends LitElement {
  static override properties = {
    api: { attribute: false },
    mode: { type: String },
    params: { attribute: false },
    busy: { state: true },
    failure: { state: true },
  };

  declare api: ApiClient;
  declare mode: AppMode;
  declare params: Record<string, string>;
  declare busy: boolean;
  declare failure: string | null;

  constructor() {
    super();
    this.mode = 'console';
    this.params = {};
    this.busy = false;
    this.failure = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Asks the app to show another view. */
  protected navigate(view: string, params: Record<string, string> = {}): void {
    this.dispatchEvent(
      new CustomEvent<Route>('navigate', { detail: { view, params }, bubbles: true, composed: true }),
    );
  }

  /** Runs an API call, keeping `busy` and `failure` (the API's message, every problem named) in step. */
  protected async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.failure = null;
    try {
      return await work();
    } catch (error) {
      this.failure = error instanceof ApiError ? error.describe() : String(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
