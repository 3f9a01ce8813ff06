import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Controller,
  Get,
  HttpException,
  INestApplication,
  NotFoundException,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ErrorEnvelopeFilter } from '../src/http/error-envelope.filter.js';

class RetryLaterException extends ServiceUnavailableException {
  readonly retryAfterSeconds = 7;
}

@Controller('throw')
class ThrowingController {
  @Get('coded')
  coded(): never {
    throw new HttpException(
      { code: 'quota_exceeded', message: 'Too many.', details: [{ field: 'x', message: 'bad' }] },
      409,
    );
  }

  @Get('plain')
  plain(): never {
    throw new NotFoundException('No such thing.');
  }

  @Get('bug')
  bug(): never {
    throw new Error('secret internals');
  }

  @Get('later')
  later(): never {
    throw new RetryLaterException();
  }

  @Post('echo')
  echo(): { ok: true } {
    return { ok: true };
  }
}

describe.each(['express', 'fastify'] as const)('ErrorEnvelopeFilter on %s', (platform) => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThrowingController] }).compile();
    app = moduleRef.createNestApplication(
      platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
      {
        logger: false,
      },
    );
    app.useGlobalFilters(new ErrorEnvelopeFilter());
    await app.init();
    if (platform === 'fastify')
      await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  });
  afterAll(() => app.close());

  it('keeps the code, message and details an exception names', async () => {
    const response = await request(app.getHttpServer()).get('/throw/coded').expect(409);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      error: { code: 'quota_exceeded', message: 'Too many.', details: [{ field: 'x', message: 'bad' }] },
    });
  });

  it('gives an exception without a code the one of its status', async () => {
    const response = await request(app.getHttpServer()).get('/throw/plain').expect(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'No such thing.' } });
  });

  it('answers an unknown route in the envelope', async () => {
    const response = await request(app.getHttpServer()).get('/nowhere').expect(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('answers a bug 500 without its text', async () => {
    const response = await request(app.getHttpServer()).get('/throw/bug').expect(500);
    expect(response.body).toEqual({
      error: { code: 'internal_error', message: 'An unexpected error occurred.' },
    });
  });

  it('says when to come back on a temporary refusal', async () => {
    const response = await request(app.getHttpServer()).get('/throw/later').expect(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body.error.code).toBe('service_unavailable');
  });

  it('answers malformed JSON 400 malformed_json without echoing the body', async () => {
    const response = await request(app.getHttpServer())
      .post('/throw/echo')
      .set('Content-Type', 'application/json')
      .send('{"leak": "s3cr3t"')
      .expect(400);
    expect(response.body).toEqual({
      error: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers a body over the parser limit 413 payload_too_large', async () => {
    // Over both defaults: body-parser's 100 kB and Fastify's 1 MiB.
    const response = await request(app.getHttpServer())
      .post('/throw/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(response.body).toEqual({
      error: { code: 'payload_too_large', message: 'The request body is too large.' },
    });
  });
});
