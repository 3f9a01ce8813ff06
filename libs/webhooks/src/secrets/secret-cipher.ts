// The cipher and its key ring live in @org/common so the ingest library encrypts its source secrets
// the same way; re-exported for hosts that use only this package.
export {
  parseSecretKey,
  parseSecretKeyRing,
  reencryptStoredSecrets,
  SecretCipher,
  UndecryptableSecretError,
  UndecryptableStoredSecretsError,
  type ReencryptionOptions,
  type ReencryptionProgress,
} from '@org/common';
