/** Messages of the custom headers and client certificate checks (issue 27), named by API field. */

/** A header name that is not an RFC 9110 token or is too long. */
export const headerNameInvalidMessage = (max: number): string =>
  `a header name must be an HTTP token (letters, digits and !#$%&'*+-.^_\`|~) of at most ${max} characters`;

/** A header name given twice in different case. */
export const headerNameRepeatedMessage = (first: string): string =>
  `header names are case-insensitive: this one repeats "${first}"`;

/** A header the delivery sets itself, or one of HTTP's framing and hop-by-hop headers. */
export const headerNameReservedMessage = (name: string): string =>
  `"${name}" cannot be set: deliveries set it themselves or HTTP reserves it`;

/** `authorization` on a subscription that sends an OAuth2 token in it. */
export const headerAuthorizationWithOAuth2Message = (): string =>
  'authorization cannot be set on a subscription with oauth2: the access token is sent in it';

/** A header value with characters HTTP does not allow. */
export const headerValueInvalidMessage = (): string =>
  'a header value must be visible ASCII, spaces and tabs (no CR, LF or NUL)';

/** A header value that is not a string. */
export const headerValueNotStringMessage = (): string => 'a header value must be a string';

/** Too many headers, or too many bytes of them. */
export const headersTooLargeMessage = (maxHeaders: number, maxBytes: number): string =>
  `at most ${maxHeaders} headers of ${maxBytes} bytes of names and values in all`;

/** `headers` is not an object of name → value. */
export const headersNotObjectMessage = (): string => 'headers must be an object of header name → value';

/** The client certificate does not parse. */
export const clientCertUnreadableMessage = (reason: string): string =>
  `not a PEM X.509 certificate (${reason})`;

/** The client certificate is past its end of validity. */
export const clientCertExpiredMessage = (at: Date): string => `expired on ${at.toISOString()}`;

/** The client certificate is not valid yet. */
export const clientCertNotYetValidMessage = (at: Date): string => `not valid before ${at.toISOString()}`;

/** The private key does not parse. */
export const clientKeyUnreadableMessage = (reason: string): string => `not a PEM private key (${reason})`;

/** The private key is encrypted. */
export const clientKeyEncryptedMessage = (): string =>
  'the private key is encrypted with a passphrase: give it unencrypted (e.g. openssl pkey -in key.pem -out plain.pem); it is stored encrypted';

/** The private key is not the certificate's. */
export const clientKeyMismatchMessage = (): string => 'does not match tls.client_cert';

/** `ca` holds no certificate or one that does not parse. */
export const caUnreadableMessage = (reason: string): string =>
  `must be one or more PEM X.509 certificates (${reason})`;

/** An attempt not made because the stored client certificate has expired since it was set. */
export const clientCertificateExpiredAttemptMessage = (at: Date): string =>
  `client certificate expired on ${at.toISOString()}: replace it (PATCH tls) to resume deliveries`;
