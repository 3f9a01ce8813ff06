// The sentences of OAuth2 token failures: recorded on the attempt (`error`, class `oauth2_token`) and
// shown to API and portal callers, so none names an internal address or carries a secret.

/** The token endpoint could not be reached (or answered nothing in time): the transport's reason. */
export const tokenRequestFailedMessage = (reason: string): string => `OAuth2 token request failed: ${reason}`;

/** The token endpoint answered outside 200: its status and the OAuth error code it gave, if any. */
export const tokenEndpointStatusMessage = (status: number, oauthError: string | null): string =>
  `OAuth2 token endpoint answered HTTP ${status}${oauthError ? `: ${oauthError}` : ''}`;

/** The token endpoint answered 200 with something that is not a usable Bearer token. */
export const tokenAnswerUnusableMessage = (reason: string): string =>
  `OAuth2 token endpoint answer unusable: ${reason}`;

/** Operators' log line when the token URL's destination was refused (the attempt says less). */
export const tokenDestinationRefusedLog = (subscriptionId: string, detail: string | null): string =>
  `OAuth2 token URL of ${subscriptionId} refused by the destination policy: ${detail ?? 'no detail'}`;
