import { PayloadTooLargeException } from '@nestjs/common';

/** 413 for a webhook body over `maxBodyBytes`. */
export class WebhookTooLargeException extends PayloadTooLargeException {
  constructor(maxBodyBytes: number) {
    super({ code: 'payload_too_large', message: `The request body is larger than ${maxBodyBytes} bytes.` });
  }
}
