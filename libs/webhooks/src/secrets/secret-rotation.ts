// Shared with the ingest library's source secrets, so both rotate with the same overlap rules.
export { isSecretActive, MAX_LIVE_SECRETS, pruneExpiredSecrets, rotateSecrets } from '@org/common';
