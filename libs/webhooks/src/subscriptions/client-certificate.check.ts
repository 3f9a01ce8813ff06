import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { ApiErrorDetail } from '@org/common';
import type { ClientCertificate } from '../interfaces/subscription.interface.js';
import {
  caUnreadableMessage,
  clientCertExpiredMessage,
  clientCertNotYetValidMessage,
  clientCertUnreadableMessage,
  clientKeyEncryptedMessage,
  clientKeyMismatchMessage,
  clientKeyUnreadableMessage,
} from './endpoint-credentials.messages.js';

/** A subscription's `tls` as given: PEM text. */
export interface ClientTlsInput {
  clientCert: string;
  clientKey: string;
  ca?: string | null;
}

/** The outcome of {@link checkClientTls}: the certificate's public facts, or every problem. */
export type ClientTlsCheck =
  { ok: true; certificate: ClientCertificate } | { ok: false; problems: ApiErrorDetail[] };

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Checks a client certificate with `node:crypto` (OpenSSL underneath: no hand-written ASN.1): the
 * certificate parses and is valid at `now`, the key parses, is not passphrase-protected and belongs
 * to the certificate, and `ca` holds one or more certificates. Every problem is named by its field
 * (`tls.client_cert`, `tls.client_key`, `tls.ca`).
 */
export function checkClientTls(input: ClientTlsInput, now: Date): ClientTlsCheck {
  const problems: ApiErrorDetail[] = [];
  const certificate = parseCertificates(input.clientCert)[0];
  if (typeof certificate === 'string') {
    problems.push({ field: 'tls.client_cert', message: clientCertUnreadableMessage(certificate) });
  } else if (certificate.validToDate.getTime() <= now.getTime()) {
    problems.push({ field: 'tls.client_cert', message: clientCertExpiredMessage(certificate.validToDate) });
  } else if (certificate.validFromDate.getTime() > now.getTime()) {
    problems.push({
      field: 'tls.client_cert',
      message: clientCertNotYetValidMessage(certificate.validFromDate),
    });
  }
  const key = parsePrivateKey(input.clientKey);
  if (typeof key === 'string') problems.push({ field: 'tls.client_key', message: key });
  else if (typeof certificate !== 'string' && !certificate.checkPrivateKey(key))
    problems.push({ field: 'tls.client_key', message: clientKeyMismatchMessage() });
  if (input.ca !== undefined && input.ca !== null) {
    const unreadable = parseCertificates(input.ca).find((ca) => typeof ca === 'string');
    if (unreadable !== undefined)
      problems.push({ field: 'tls.ca', message: caUnreadableMessage(unreadable) });
  }
  if (problems.length > 0 || typeof certificate === 'string') return { ok: false, problems };
  return {
    ok: true,
    certificate: {
      cert: input.clientCert,
      ca: input.ca ?? null,
      expiresAt: certificate.validToDate,
      subject: certificate.subject.replaceAll('\n', ', '),
      fingerprintSha256: certificate.fingerprint256,
    },
  };
}

/** Each PEM certificate block of `pem` parsed, or the reason one does not parse. */
function parseCertificates(pem: string): (X509Certificate | string)[] {
  const blocks = pem.match(PEM_CERTIFICATE);
  if (!blocks) return ['no -----BEGIN CERTIFICATE----- block'];
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      return (error as Error).message;
    }
  });
}

/** The private key, or why it is refused. */
function parsePrivateKey(pem: string): KeyObject | string {
  // OpenSSL would ask for a passphrase; the check needs none and the store encrypts the key anyway.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem))
    return clientKeyEncryptedMessage();
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MISSING_PASSPHRASE') return clientKeyEncryptedMessage();
    return clientKeyUnreadableMessage((error as Error).message);
  }
}
