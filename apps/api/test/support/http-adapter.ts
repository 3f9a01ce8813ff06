/**
 * The HTTP platform the test apps run on: `TEST_HTTP_ADAPTER` (`express` or `fastify`), default
 * `express`. CI runs the end-to-end suites once per platform.
 */
export const TEST_HTTP_ADAPTER = process.env.TEST_HTTP_ADAPTER?.trim() || 'express';
