import { Inject, Injectable } from '@nestjs/common';
import { toPage, type Page } from '@org/common';
import { EventNotFoundException } from '../errors/event-not-found.exception.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import { EventStore } from '../storage/event-store.interface.js';
import type { WorkspaceScope } from '../storage/workspace-scope.js';

/** Reads the published events of a workspace scope (the `/events` log). */
@Injectable()
export class EventLogService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(@Inject(EventStore) private readonly events: EventStore) {}

  /** A page of events, newest first. */
  async list(query: {
    scope: WorkspaceScope;
    type?: string;
    before?: string;
    limit: number;
  }): Promise<Page<EventRecord>> {
    const rows = await this.events.listEvents({ ...query, limit: query.limit + 1 });
    return toPage(rows, query.limit, (row) => row.id);
  }

  /** @throws EventNotFoundException when `id` is not in `scope`. */
  async get(id: string, scope: WorkspaceScope): Promise<EventRecord> {
    const event = await this.events.findEvent(id, scope);
    if (!event) throw new EventNotFoundException(id);
    return event;
  }
}
