import type { Type } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import { PortalSessionsController } from './portal/portal-sessions.controller.js';

/** The controllers `ConsoleModule` mounts for its extras: the portal sessions API, or none. */
export function consoleControllers(extras: ManagementMount): Type[] {
  return extras.controllers ? [PortalSessionsController] : [];
}
