import { describe, expect, it } from '@jest/globals';
import { buildDiscordMessage } from './discord.message.js';
import { readEventEnvelope } from './event-envelope.js';
import { formatPayload } from './payload-format.js';
import { buildSlackMessage } from './slack.message.js';

const payload =
  '{"id":"evt_1","event":"contact.created","created_at":"2026-03-16T12:00:00.000Z","data":{"id":"con_1","name":"Ada"}}';

describe('payload formats', () => {
  it('raw returns the stored body unchanged, byte for byte', () => {
    const spaced = '{ "id":"evt_1", "event":"a.b" ,"created_at":"x","data":{"é":1} }';
    expect(formatPayload('raw', spaced)).toBe(spaced);
  });

  it('builds a Slack message: fallback text, header, data as code, id and time as context', () => {
    expect(buildSlackMessage(readEventEnvelope(payload))).toEqual({
      text: 'contact.created (evt_1)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'contact.created' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '```\n{\n  "id": "con_1",\n  "name": "Ada"\n}\n```' },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Event `evt_1` at 2026-03-16T12:00:00.000Z' }],
        },
      ],
    });
  });

  it('builds a Discord message: content and one embed with the data, id and time', () => {
    expect(JSON.parse(formatPayload('discord', payload))).toEqual({
      content: '**contact.created**',
      embeds: [
        {
          title: 'contact.created',
          description: '```json\n{\n  "id": "con_1",\n  "name": "Ada"\n}\n```',
          timestamp: '2026-03-16T12:00:00.000Z',
          footer: { text: 'evt_1' },
        },
      ],
    });
  });

  it("keeps big data within each service's limit", () => {
    const big = JSON.stringify({
      id: 'evt_2',
      event: 'deal.won',
      created_at: '2026-03-16T12:00:00.000Z',
      data: { notes: 'x'.repeat(10_000) },
    });
    const slack = buildSlackMessage(readEventEnvelope(big));
    expect((slack.blocks[1].text as { text: string }).text.length).toBeLessThanOrEqual(3000);
    const discord = buildDiscordMessage(readEventEnvelope(big));
    expect((discord.embeds[0].description as string).length).toBeLessThanOrEqual(4096);
    expect(discord.embeds[0].description).toMatch(/…\n```$/);
  });
});
