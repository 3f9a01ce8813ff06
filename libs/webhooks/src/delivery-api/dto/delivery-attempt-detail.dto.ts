import { ApiProperty } from '@nestjs/swagger';
import { DeliveryAttemptDto } from './delivery-attempt.dto.js';

/** One attempt with everything recorded about it (`GET /webhooks/:id/deliveries/:attempt_id`). */
export class DeliveryAttemptDetailDto extends DeliveryAttemptDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://example.com/webhooks/rex',
    description: 'The URL the request went to, as it was then; null while pending.',
  })
  url!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    example: { 'content-type': 'application/json', 'webhook-id': 'evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V' },
    description: 'The request headers sent (signatures included; secrets never); null while pending.',
  })
  request_headers!: Record<string, string> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    example: { 'retry-after': '2', 'content-type': 'text/plain' },
    description: "The endpoint's answer headers (lower-case names, at most 4 KiB); null without an answer.",
  })
  response_headers!: Record<string, string> | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'http_status',
    description:
      'Why it failed, for code: `http_status`, `redirect`, `timeout`, `connection_refused`, `connection_reset`, `unreachable`, `tls`, `destination_not_allowed` (the host does not resolve, or not to an address deliveries may use), `proxy` (the egress proxy failed: unreachable, `CONNECT` refused, closed early), `invalid_url`, `aborted`, `secret_unavailable`, `signing`, `oauth2_token` (the OAuth2 token could not be had: nothing was sent to the endpoint), `network`; null on success.',
  })
  error_class!: string | null;
}

/** Answer of `GET /webhooks/:id/deliveries/:attempt_id`. */
export class DeliveryAttemptDetailResponseDto {
  @ApiProperty({ type: DeliveryAttemptDetailDto })
  data!: DeliveryAttemptDetailDto;
}
