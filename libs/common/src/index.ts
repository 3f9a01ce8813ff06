// Public API of @org/common (reviewed in api/common.api.md), named one by one (ARCHITECTURE.md,
// "Public API"). Two parts: what a host uses beside the libraries, and the kernel @org/webhooks,
// @org/ingest and @org/console share, which moves with them (hosts need not import it).

// For hosts: the clock, errors and validation, the authorize contract, workspaces, secrets
export { Clock, ManualClock, SystemClock } from './clock/clock.js';
export { safeEqual } from './crypto/safe-equal.js';
export { SecretCipher, parseSecretKey, parseSecretKeyRing } from './crypto/secret-cipher.js';
export type {
  CiphertextReplacement,
  SecretCiphertextStore,
  StaleCiphertextQuery,
  StaleCiphertexts,
} from './crypto/secret-ciphertext-store.interface.js';
export {
  reencryptStoredSecrets,
  type ReencryptionOptions,
  type ReencryptionProgress,
} from './crypto/secret-reencryption.js';
export { UndecryptableSecretError } from './crypto/undecryptable-secret.error.js';
export { UndecryptableStoredSecretsError } from './crypto/undecryptable-stored-secrets.error.js';
export { ApiErrorBody, ApiErrorDetail, ApiErrorResponse } from './http/api-error.js';
export { ErrorEnvelopeFilter } from './http/error-envelope.filter.js';
export { createValidationPipe } from './validation/validation.pipe.js';
export {
  CurrentWorkspace,
  SIGNATURE_AUTHENTICATED,
  SignatureAuthenticated,
  type AuthenticatedRequest,
} from './auth/route-access.js';
export { WORKSPACE_PATTERN, WORKSPACE_RULE } from './auth/workspace.js';
export type {
  AuthorizeFunction,
  AuthorizeOption,
  Authorizer,
  ManagementRequest,
  ManagementScope,
  Principal,
} from './auth/authorize.interface.js';
export { allowEveryoneInDevelopment } from './auth/allow-everyone-in-development.js';
export { firstOf } from './auth/first-of.js';
export { MANAGEMENT_SCOPES, assertScopeAllows } from './auth/management-scopes.js';
export { ApiKeyProtected } from './http/api-key-protected.decorator.js';
export { InvalidOptionsError, type OptionProblem } from './options/invalid-options.error.js';
export { MissingPeerError } from './peers/optional-peer.js';

// The libraries' shared kernel
export {
  MAX_LIVE_SECRETS,
  isSecretActive,
  pruneExpiredSecrets,
  rotateSecrets,
  type ExpiringSecret,
} from './crypto/secret-rotation.js';
export { assertStoredSecretsReadable, type StoredSecretsCheckOptions } from './crypto/secret-reencryption.js';
export {
  listStaleCiphertextsIn,
  replaceCiphertextsIn,
  type RowWithSecrets,
} from './crypto/in-memory-ciphertexts.js';
export { resolveSecretKeyRing, type SecretKeyRingInput } from './crypto/secret-key-ring.options.js';
export { isPrefixedId, newId, newUnguessableId } from './ids/prefixed-id.js';
export { decodeCursor, mapPage, toPage, type Page } from './pagination/cursor.js';
export { PaginationQueryDto } from './pagination/pagination-query.dto.js';
export { PageDto } from './pagination/page.dto.js';
export { findBodyProblems } from './validation/validation.pipe.js';
export { checkAuthorizeOption, type ManagementMount } from './auth/authorize-option.js';
export {
  ManagementAuthorization,
  type ManagementAuthorizationSetup,
} from './auth/management-authorization.js';
export { ManagementGuard } from './auth/management.guard.js';
export { ValidationFailedException } from './validation/validation-failed.exception.js';
export { OptionChecker, describeValue } from './options/option-checker.js';
export { echoedId } from './http/echoed-id.js';
export { isReplyStarted, sendJsonReply, setReplyHeader, setReplyStatus } from './http/http-reply.js';
export { requestOrigin, type OriginRequest } from './http/request-origin.js';
export {
  MAX_JSON_DEPTH,
  containsNul,
  exceedsJsonDepth,
  hasControlCharacters,
  mapJsonStrings,
} from './validation/json-shape.js';
export { OpaqueJson } from './validation/opaque-json.decorator.js';
export { NoControlCharacters, NoNulCharacters } from './validation/control-characters.decorator.js';
export {
  activeTraceparent,
  contextFromTraceparent,
  formatTraceparent,
  traceIdOf,
} from './observability/trace-context.js';
export { traced } from './observability/traced.js';
export {
  openMetricsRegistry,
  registerMetric,
  resolveMetricsRegistry,
  statusClass,
  type OpenedMetricsRegistry,
  type PromClient,
} from './observability/metrics-registry.js';
export { GroupCommit, type GroupCommitOptions, type GroupWrite } from './batching/group-commit.js';
export { importOptionalPeer, isMissingPackage } from './peers/optional-peer.js';
export { IntervalJobs } from './scheduling/interval-jobs.js';
