import { HttpStatus } from '@nestjs/common';
import { setReplyStatus } from '@org/common';
import { pingResultAliases, type PingResultAliases } from '../compatibility/ping-aliases.js';
import type { WebhooksCompatibility } from '../compatibility/webhooks-compatibility.js';
import { pingFailedMessage } from './delivery-api.messages.js';
import type { PingFailedResponseDto, PingResponseDto, PingResultDto } from './dto/ping.dto.js';
import type { PingOutcome } from './ping.service.js';

/**
 * The HTTP answer of a test delivery, shared by `/ping` and its alias `/test`: 200 with what was
 * measured when the endpoint accepted it, otherwise 502 with the reason beside the same data (and
 * Repull's names of it when the module serves them).
 */
export function pingAnswer(
  { result, deliveryId }: PingOutcome,
  response: unknown,
  compatibility: WebhooksCompatibility,
): PingResponseDto | PingFailedResponseDto {
  const data: PingResultDto & PingResultAliases = {
    http_status: result.httpStatus,
    duration_ms: result.durationMs,
    delivery_id: deliveryId,
    ...pingResultAliases(result, compatibility),
  };
  if (result.ok) return { data };
  const reason = result.error ?? 'unknown failure';
  setReplyStatus(response, HttpStatus.BAD_GATEWAY);
  return {
    error: {
      code: 'ping_failed',
      message: pingFailedMessage(reason),
      details: [{ field: 'url', message: reason }],
    },
    data,
  };
}
