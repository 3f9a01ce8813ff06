import { describe, expect, it } from '@jest/globals';
import { signingFailureResult } from './signing-failure.js';

describe('signingFailureResult', () => {
  it('records a signing failure with its own error code and the reason, not as a network failure', () => {
    expect(signingFailureResult(new Error('unsupported state or unable to authenticate data'))).toEqual({
      ok: false,
      httpStatus: null,
      durationMs: 0,
      responseBody: null,
      responseBodyTruncated: false,
      responseHeaders: null,
      error: 'cannot sign the request: unsupported state or unable to authenticate data',
      errorCode: 'signing',
    });
  });
});
