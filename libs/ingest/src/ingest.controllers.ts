import type { Type } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import { InboundEventsController } from './management/inbound-events.controller.js';
import { IngestController } from './receiving/ingest.controller.js';
import { InboundSourcesController } from './sources/inbound-sources.controller.js';

/**
 * The controllers `IngestModule` mounts for its extras: the receiving route always (it authenticates
 * by signature, not by `authorize`), and the management API unless `controllers: false`.
 */
export function ingestControllers(extras: ManagementMount): Type[] {
  return [
    IngestController,
    ...(extras.controllers ? [InboundEventsController, InboundSourcesController] : []),
  ];
}
