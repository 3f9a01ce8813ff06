import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ApiErrorResponse, SignatureAuthenticated } from '@org/common';
import { BUILT_IN_SOURCES } from '../source-kinds/source-kinds.js';
import { IngestReceiptDto } from './dto/ingest-receipt.dto.js';
import { IngestService } from './ingest.service.js';
import { Verified, type VerifiedWebhook } from './verified-webhook.js';
import { WebhookSignatureGuard } from './webhook-signature.guard.js';

/** `POST /webhooks/:source`: where Stripe, GitHub, HubSpot and configured senders deliver. */
@ApiTags('ingest')
@SignatureAuthenticated()
@Controller('webhooks')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':source')
  @HttpCode(200)
  @UseGuards(WebhookSignatureGuard)
  @ApiOperation({
    summary: 'Receive a webhook from a third party',
    description:
      "Authenticated by the source's own signature (Stripe-Signature, X-Hub-Signature-256, X-HubSpot-Signature-v3, " +
      'or the configured scheme), checked on the raw body; no API key. A verified event is stored before the 200 and ' +
      'handled afterwards; a repeat of a stored event id answers 200 with duplicate: true.',
  })
  @ApiParam({
    name: 'source',
    example: 'stripe',
    description: `A configured source (${BUILT_IN_SOURCES.join(', ')}, or a configured name) or the id of a source created with POST /inbound-sources (src_…).`,
  })
  @ApiBody({
    description: "The sender's payload, verbatim (JSON; GitHub may also send form-encoded).",
    schema: { type: 'object' },
  })
  @ApiOkResponse({
    type: IngestReceiptDto,
    description:
      'Verified and stored (or already stored). A Slack url_verification request is answered with `{ challenge }` instead.',
  })
  @ApiBadRequestResponse({
    type: ApiErrorResponse,
    description: 'Signed correctly but not valid JSON, or not an event of this source.',
  })
  @ApiUnauthorizedResponse({
    type: ApiErrorResponse,
    description: 'Signature missing, wrong, stale or from the future: `invalid_signature`.',
  })
  @ApiNotFoundResponse({
    type: ApiErrorResponse,
    description: 'Unknown or unconfigured source: `unknown_source`.',
  })
  @ApiPayloadTooLargeResponse({ type: ApiErrorResponse, description: 'Body over the size limit.' })
  @ApiUnsupportedMediaTypeResponse({
    type: ApiErrorResponse,
    description: 'A content type the source does not send.',
  })
  receive(@Verified() verified: VerifiedWebhook): Promise<IngestReceiptDto | Record<string, unknown>> {
    return this.ingest.receive(verified);
  }
}
