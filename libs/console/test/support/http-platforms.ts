import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';

/** The HTTP platforms every suite of the console runs on. */
export const HTTP_ADAPTERS = ['express', 'fastify'] as const;

/** One of {@link HTTP_ADAPTERS}. */
export type HttpAdapterName = (typeof HTTP_ADAPTERS)[number];

/** The Nest application of `moduleRef` on `platform` (Fastify with `fastifyOptions`), not yet initialised. */
export function createPlatformApp(
  moduleRef: TestingModule,
  platform: HttpAdapterName,
  fastifyOptions: { ignoreTrailingSlash?: boolean } = {},
): INestApplication {
  return platform === 'fastify'
    ? moduleRef.createNestApplication(new FastifyAdapter(fastifyOptions), { logger: false })
    : moduleRef.createNestApplication({ logger: false });
}
