import type { PayloadFormat } from '../interfaces/subscription.interface.js';
import { buildDiscordMessage } from './discord.message.js';
import { readEventEnvelope } from './event-envelope.js';
import { buildSlackMessage } from './slack.message.js';

/**
 * The body sent to a subscription of `format`: the stored event body itself for `raw` (byte for byte,
 * as signed receivers expect), or the chat message a Slack or Discord incoming webhook renders.
 */
export function formatPayload(format: PayloadFormat, payload: string): string {
  if (format === 'raw') return payload;
  const event = readEventEnvelope(payload);
  return JSON.stringify(format === 'slack' ? buildSlackMessage(event) : buildDiscordMessage(event));
}
