import { ALIAS_USERS, type Alias, type CompatibleSystem } from './compatible-systems.js';

/**
 * The systems a module answers as (its `compatibility` extra), and so which aliases it serves.
 * Provided under its own class by `WebhooksModule`; the mappers and body policies read it, and the
 * controllers and DTO classes of the module are chosen from it when the module is built.
 */
export class WebhooksCompatibility {
  /** The systems named, sorted, each once. */
  readonly systems: readonly CompatibleSystem[];

  constructor(systems: Iterable<CompatibleSystem> = []) {
    this.systems = [...new Set(systems)].sort();
  }

  /** Whether `alias` is served: when the module names one of the systems that use it. */
  has(alias: Alias): boolean {
    return ALIAS_USERS[alias].some((system: CompatibleSystem) => this.systems.includes(system));
  }
}
