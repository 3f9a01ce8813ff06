import { describe, expect, it } from '@jest/globals';
import {
  DESTINATION_NOT_ALLOWED,
  DESTINATION_NOT_ALLOWED_CLASS,
  toPublicFailure,
  toPublicResult,
} from './public-failure.js';
import type { TransportResult } from './transport-result.js';

const failed = (errorCode: TransportResult['errorCode'], error: string): TransportResult => ({
  ok: false,
  httpStatus: null,
  durationMs: 3,
  responseBody: null,
  responseBodyTruncated: false,
  responseHeaders: null,
  error,
  errorCode,
});

describe('toPublicResult', () => {
  it('gives a name that does not resolve and one resolving to a refused address the same answer', () => {
    const unresolved = toPublicResult(failed('dns', 'DNS lookup failed for vm. (ENOTFOUND)'));
    const refused = toPublicResult(failed('blocked_address', 'blocked address 127.0.0.1 (loopback) for vm'));
    expect(unresolved).toEqual(refused);
    expect(unresolved).toMatchObject({
      error: DESTINATION_NOT_ALLOWED,
      errorCode: DESTINATION_NOT_ALLOWED_CLASS,
    });
  });

  it('leaves every other failure as the transport said it', () => {
    const refused = failed('connection_refused', 'connection refused');
    expect(toPublicResult(refused)).toBe(refused);
  });
});

describe('toPublicFailure', () => {
  it('reads attempts recorded with the old sentences as the public one', () => {
    const record = { id: 'dlv_1', error: 'DNS lookup failed for vm. (EAI_AGAIN)', errorClass: 'dns' };
    expect(toPublicFailure(record)).toEqual({
      id: 'dlv_1',
      error: DESTINATION_NOT_ALLOWED,
      errorClass: DESTINATION_NOT_ALLOWED_CLASS,
    });
    const ok = { error: null, errorClass: null };
    expect(toPublicFailure(ok)).toBe(ok);
  });
});
