import { NotFoundException } from '@nestjs/common';

/** 404 for a source id that does not exist or belongs to another workspace (indistinguishable). */
export class InboundSourceNotFoundException extends NotFoundException {
  constructor() {
    super({ code: 'inbound_source_not_found', message: 'No inbound source has this id.' });
  }
}
