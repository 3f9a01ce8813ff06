import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import { startDeliveryApp, startReceiver, type DeliveryApp } from './support/delivery-app.js';

// One real delivery per payload format, to a loopback receiver that checks the signature, on both storages.
describe.each(storageHarnesses)('payload formats on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp;
  let endpoint: Receiver;

  beforeEach(async () => {
    under = await harness.create();
    endpoint = await startReceiver();
    app = await startDeliveryApp(under.storage, { retrySchedule: '0' });
  });
  afterEach(async () => {
    await app.close();
    await endpoint.close();
    await under.close();
  });

  const deliverOne = async (format: string) => {
    await app.subscribe({ url: endpoint.url, event_types: ['deal.won'], format });
    const event = await app.webhooks.publish('deal.won', { id: 'deal_1', amount: 4200 });
    const [request] = await endpoint.waitFor(1);
    expect(request.verification.signature.status).toBe('valid');
    expect(request.verification.standardWebhooks.status).toBe('valid');
    return { event, request };
  };

  it('raw sends the stored event body byte for byte', async () => {
    const { event, request } = await deliverOne('raw');
    expect(request.body).toBe(
      `{"id":"${event.id}","event":"deal.won","created_at":"${event.createdAt.toISOString()}","data":{"id":"deal_1","amount":4200}}`,
    );
  });

  it('slack sends {text, blocks} built from the event type and data, signed', async () => {
    const { event, request } = await deliverOne('slack');
    const message = request.json as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(Object.keys(message)).toEqual(['text', 'blocks']);
    expect(message.text).toBe(`deal.won (${event.id})`);
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(message.blocks[1].text?.text).toContain('"amount": 4200');
  });

  it('discord sends {content, embeds} built from the event type and data, signed', async () => {
    const { event, request } = await deliverOne('discord');
    const message = request.json as { content: string; embeds: Record<string, unknown>[] };
    expect(Object.keys(message)).toEqual(['content', 'embeds']);
    expect(message.content).toBe('**deal.won**');
    expect(message.embeds[0]).toMatchObject({
      title: 'deal.won',
      footer: { text: event.id },
      description: expect.stringContaining('"id": "deal_1"'),
    });
  });
});
