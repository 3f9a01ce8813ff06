import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { OpaqueJson } from '@org/common';
import { MAX_CUSTOM_HEADER_BYTES, MAX_CUSTOM_HEADERS } from '../custom-headers.rules.js';

/** Characters of a PEM field: a certificate chain or CA bundle of a few certificates. */
export const MAX_PEM_LENGTH = 65_536;

const PEM_CERT_EXAMPLE = '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n';

/** `tls` of a create or update body: PEM text. */
export class ClientTlsDto {
  @ApiProperty({
    description: 'The client certificate (optionally followed by its chain), PEM.',
    example: PEM_CERT_EXAMPLE,
  })
  @IsString()
  @MaxLength(MAX_PEM_LENGTH)
  client_cert!: string;

  @ApiProperty({
    description: 'Its private key, PEM, unencrypted (stored encrypted; never answered).',
    example: '-----BEGIN PRIVATE KEY-----\nMIGH…\n-----END PRIVATE KEY-----\n',
    writeOnly: true,
  })
  @IsString()
  @MaxLength(MAX_PEM_LENGTH)
  client_key!: string;

  @ApiPropertyOptional({
    description:
      "CA certificate(s) the endpoint's server certificate must chain to, PEM; the usual trust when omitted.",
    example: PEM_CERT_EXAMPLE,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PEM_LENGTH)
  ca?: string | null;
}

/** `tls` of an answer: the certificate's public part, never the key. */
export class ClientTlsAnswerDto {
  @ApiProperty({ example: PEM_CERT_EXAMPLE })
  client_cert!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  ca!: string | null;

  @ApiProperty({ format: 'date-time', example: '2027-12-07T00:00:00.000Z' })
  client_cert_expires_at!: string;

  @ApiProperty({ example: 'CN=acme-sender' })
  client_cert_subject!: string;

  @ApiProperty({
    example: 'AB:CD:…',
    description: 'SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it.',
  })
  client_cert_fingerprint_sha256!: string;
}

/**
 * The `headers` field of create and update bodies: any JSON object here, checked name by name by
 * `SubscriptionPolicy` (so each problem is named `headers.<name>`).
 */
export function CustomHeadersField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Headers sent with every delivery and test delivery (at most ${MAX_CUSTOM_HEADERS}, ${MAX_CUSTOM_HEADER_BYTES} bytes of names and values). Values are secrets: stored encrypted, answered as "[redacted]". On update the object replaces them all; null removes them. The delivery's own headers, hop-by-hop and framing headers are refused.`,
      type: 'object',
      additionalProperties: { type: 'string' },
      nullable: true,
      example: { 'X-Api-Key': 'k_live_4f9a…' },
    }),
    IsOptional(),
    IsObject(),
    OpaqueJson(),
  );
}

/** The `tls` field of create and update bodies (mutual TLS). */
export function ClientTlsField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: ClientTlsDto,
      nullable: true,
      description:
        'A client certificate presented to the endpoint (mutual TLS). Checked: it parses, is valid now, and the key (unencrypted) matches it. On update null removes it.',
    }),
    IsOptional(),
    ValidateNested(),
    Type(() => ClientTlsDto),
  );
}
