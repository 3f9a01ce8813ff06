import { NotFoundException } from '@nestjs/common';

/** 404 for a `POST /webhooks/:source` whose source is unknown or not configured. */
export class UnknownSourceException extends NotFoundException {
  constructor() {
    super({ code: 'unknown_source', message: 'No webhook source is configured under this name.' });
  }
}
