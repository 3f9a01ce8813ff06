import { dataPreview, type EventEnvelope } from './event-envelope.js';

/** Slack's limit on a section block's text. */
const SLACK_SECTION_TEXT_LIMIT = 3000;

/** A Slack incoming-webhook message: `text` (notifications, fallback) and Block Kit `blocks`. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/**
 * The message a Slack incoming webhook renders for an event: a headline with the type, the data as
 * a code block (cut to Slack's section limit), and the event id and time as context.
 */
export function buildSlackMessage(event: EventEnvelope): SlackMessage {
  // Code fences and their newlines take 8 characters of the section's limit.
  const preview = dataPreview(event.data, SLACK_SECTION_TEXT_LIMIT - 8);
  return {
    text: `${event.event} (${event.id})`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: event.event.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: '```\n' + preview + '\n```' } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Event \`${event.id}\` at ${event.createdAt}` }],
      },
    ],
  };
}
