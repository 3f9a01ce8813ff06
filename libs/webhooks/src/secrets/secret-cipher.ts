// The cipher lives in @org/common so the ingest library encrypts its source secrets the same way.
export { parseSecretKey, parseSecretKeyRing, SecretCipher } from '@org/common';
