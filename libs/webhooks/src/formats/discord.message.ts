import { dataPreview, type EventEnvelope } from './event-envelope.js';

/** Discord's limit on an embed description. */
const DISCORD_EMBED_DESCRIPTION_LIMIT = 4096;

/** A Discord webhook message: `content` and one embed. */
export interface DiscordMessage {
  content: string;
  embeds: Record<string, unknown>[];
}

/**
 * The message a Discord webhook renders for an event: the type as content and an embed with the data
 * as a JSON code block (cut to Discord's limit), the event id in the footer and its time.
 */
export function buildDiscordMessage(event: EventEnvelope): DiscordMessage {
  // "```json\n" and "\n```" take 12 characters of the description's limit.
  const preview = dataPreview(event.data, DISCORD_EMBED_DESCRIPTION_LIMIT - 12);
  return {
    content: `**${event.event}**`.slice(0, 2000),
    embeds: [
      {
        title: event.event.slice(0, 256),
        description: '```json\n' + preview + '\n```',
        timestamp: event.createdAt,
        footer: { text: event.id },
      },
    ],
  };
}
