import { UnsupportedMediaTypeException } from '@nestjs/common';

/** 415 for a webhook sent with a content type its source does not accept. */
export class UnsupportedWebhookMediaTypeException extends UnsupportedMediaTypeException {
  constructor(accepted: readonly string[]) {
    super({ code: 'unsupported_media_type', message: `Send the webhook as ${accepted.join(' or ')}.` });
  }
}
