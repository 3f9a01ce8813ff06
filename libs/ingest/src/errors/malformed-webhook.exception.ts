import { BadRequestException } from '@nestjs/common';

/** 400 for a correctly signed webhook whose body cannot be understood. */
export class MalformedWebhookException extends BadRequestException {
  constructor(message: string) {
    super({ code: 'malformed_payload', message });
  }
}
