/**
 * A subscription's client certificate for mutual TLS as one request carries it: PEM text, the key
 * decrypted for this attempt only. The transport presents `cert`/`key` in the handshake and, when
 * `ca` is given, verifies the endpoint's certificate against it instead of the default roots.
 */
export interface ClientTlsMaterial {
  /** Whose certificate it is: connections are pooled per subscription, never shared across them. */
  subscriptionId: string;
  /** The client certificate (chain), PEM. */
  cert: string;
  /** Its private key, PEM (unencrypted). Never logged or recorded. */
  key: string;
  /** The endpoint's CA certificates, PEM; `null`: the transport's usual trust. */
  ca: string | null;
  /** SHA-256 fingerprint of `cert`: a replaced certificate gets a pool of its own. */
  fingerprint: string;
}
