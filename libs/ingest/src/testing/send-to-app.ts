import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { SignedWebhookRequest } from './requests/signed-webhook-request.js';

/** The app's answer to a webhook sent by {@link IngestTestbed.receive}. */
export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  /** The JSON body (`{ received, id, duplicate }`, or the error envelope); text when not JSON. */
  body: unknown;
}

interface FastifyInject {
  inject(options: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload: string | Buffer;
  }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
}

/**
 * Sends a request into the app without a listening port: Fastify's own `inject` (light-my-request), or,
 * on Express, a short-lived loopback server around the Express instance, closed after the answer.
 */
export async function sendToApp(
  adapter: AbstractHttpAdapter,
  request: SignedWebhookRequest,
): Promise<WebhookResponse> {
  if (adapter.getType() === 'fastify') {
    const answer = await (adapter as unknown as FastifyInject).inject({
      method: request.method,
      url: request.path,
      headers: request.headers,
      payload: request.body,
    });
    const headers = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, String(v)]));
    return { status: answer.statusCode, headers, body: parsed(answer.body) };
  }
  const server = createServer(adapter.getInstance<RequestListener>());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    return {
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: parsed(await answer.text()),
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
