import { sourceKinds, type InboundSourceType } from './source-kinds.js';

// Swagger descriptions of `/inbound-sources` bodies, written from the registry so they name every kind.

/** `a`, `a and b`, `a, b and c`. */
function listed(types: readonly InboundSourceType[]): string {
  return types.length <= 1 ? types.join('') : `${types.slice(0, -1).join(', ')} and ${types.at(-1)}`;
}

function typesWhere(issuedByProvider: boolean): InboundSourceType[] {
  return sourceKinds()
    .filter(([, kind]) => kind.secret.issuedByProvider === issuedByProvider)
    .map(([type]) => type);
}

/** `secret` of a new source: required where the provider issues it, else generated when omitted. */
export function newSourceSecretDescription(): string {
  return (
    `The signing secret. Required for ${listed(typesWhere(true))}, whose secret the provider issues; ` +
    `generated (and returned once) for ${listed(typesWhere(false))} when omitted.`
  );
}

/** `secret` of a rotation. */
export function rotatedSecretDescription(): string {
  return `The new secret; omitted: one is generated (${typesWhere(false).join(', ')} only).`;
}

/** `options` of a new source: every kind's keys. */
export function typeOptionsDescription(): string {
  const perKind = sourceKinds().map(
    ([type, kind]) => `${type}: ${kind.optionKeys.length > 0 ? kind.optionKeys.join(', ') : 'none'}.`,
  );
  return [
    'Type options. Every type: max_body_bytes (at most the gateway limit; larger bodies answer 413).',
    ...perKind,
  ].join(' ');
}
