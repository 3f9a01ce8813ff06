import { describe, expect, it } from '@jest/globals';
import { SecretCipher } from '@org/common';
import { signingFailureResult } from './signing-failure.js';

describe('signingFailureResult', () => {
  it('records a signing failure with its own error code and the reason, not as a network failure', () => {
    expect(signingFailureResult(new Error('no signing key'))).toEqual({
      ok: false,
      httpStatus: null,
      durationMs: 0,
      responseBody: null,
      responseBodyTruncated: false,
      responseHeaders: null,
      error: 'cannot sign the request: no signing key',
      errorCode: 'signing',
    });
  });

  it('records a secret no key of the ring opens as secret_unavailable, without the cipher text', () => {
    const stored = new SecretCipher(Buffer.alloc(32, 1)).encrypt('whsec_x');
    let thrown: unknown;
    try {
      new SecretCipher(Buffer.alloc(32, 2)).decrypt(stored);
    } catch (error) {
      thrown = error;
    }
    const result = signingFailureResult(thrown);
    expect(result.errorCode).toBe('secret_unavailable');
    expect(result.error).toContain('cannot be decrypted');
    expect(result.error).not.toMatch(/unsupported state|authenticate data/i);
  });
});
