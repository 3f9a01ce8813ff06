import { testHttpAdapter } from '../../../../libs/common/test/support/http-platform.js';

/**
 * The HTTP platform the test apps run on: `TEST_HTTP_ADAPTER` (`express` or `fastify`), default
 * `express`, read and checked as the libraries' suites read it (another value fails rather than
 * testing Express). CI runs the end-to-end suites once per platform.
 */
export const TEST_HTTP_ADAPTER = testHttpAdapter();
