import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { NoControlCharacters } from '@org/common';
import { MAX_URL_LENGTH } from '../../webhooks.constants.js';
import { IsWebhookUrl } from './subscription-field.validators.js';

/** Longest client id, secret and audience accepted (authorization servers issue far shorter ones). */
const MAX_CLIENT_ID_LENGTH = 255;
const MAX_CLIENT_SECRET_LENGTH = 1024;
const MAX_SCOPE_LENGTH = 1000;

/** RFC 6749 appendix A: client id and secret are VSCHARs (visible ASCII and space). */
const VSCHARS = /^[\x20-\x7e]+$/;
/** RFC 6749 §3.3: scope tokens of NQCHARs separated by single spaces. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

const EXAMPLE = {
  token_url: 'https://auth.example.com/oauth/token',
  client_id: 'webhooks-sender',
  client_secret: 'cs_2c1f7a9e4b8d4e0f9a6b3c5d7e1f2a4b',
  scope: 'webhooks:receive',
  audience: 'https://api.example.com/webhooks',
} as const;

/** The fields every OAuth2 body shares; the client secret's rule differs between create and update. */
class OAuth2GrantFields {
  @ApiProperty({
    description:
      "The authorization server's token endpoint. The same rules as the subscription's `url` apply (https, no private addresses unless allowed), at create/update and at every token request.",
    example: EXAMPLE.token_url,
    maxLength: MAX_URL_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  @NoControlCharacters()
  token_url!: string;

  @ApiProperty({ example: EXAMPLE.client_id, minLength: 1, maxLength: MAX_CLIENT_ID_LENGTH })
  @IsString()
  @Length(1, MAX_CLIENT_ID_LENGTH)
  @Matches(VSCHARS, { message: 'client_id must be visible ASCII characters or spaces' })
  client_id!: string;

  @ApiPropertyOptional({
    description: 'Sent as `scope` (space-separated scope tokens).',
    example: EXAMPLE.scope,
    maxLength: MAX_SCOPE_LENGTH,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SCOPE_LENGTH)
  @Matches(SCOPE, { message: 'scope must be scope tokens separated by single spaces' })
  scope?: string | null;

  @ApiPropertyOptional({
    description: 'Sent as `audience` (Auth0 and other servers that issue tokens per API).',
    example: EXAMPLE.audience,
    maxLength: MAX_URL_LENGTH,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_URL_LENGTH)
  @NoControlCharacters()
  audience?: string | null;
}

const SECRET_DESCRIPTION =
  'The client secret, sent with HTTP Basic authentication (client_secret_basic). Stored encrypted and never answered.';

/** `oauth2` of a create body (RFC 6749 §4.4 client credentials grant). */
export class OAuth2Dto extends OAuth2GrantFields {
  @ApiProperty({ description: SECRET_DESCRIPTION, example: EXAMPLE.client_secret, writeOnly: true })
  @IsString()
  @Length(1, MAX_CLIENT_SECRET_LENGTH)
  @Matches(VSCHARS, { message: 'client_secret must be visible ASCII characters or spaces' })
  client_secret!: string;
}

/** `oauth2` of an update body: `client_secret` may be left out when the subscription has OAuth2 already. */
export class OAuth2UpdateDto extends OAuth2GrantFields {
  @ApiPropertyOptional({
    description: `${SECRET_DESCRIPTION} May be left out when the subscription already has \`oauth2\`: the stored one is kept.`,
    example: EXAMPLE.client_secret,
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_CLIENT_SECRET_LENGTH)
  @Matches(VSCHARS, { message: 'client_secret must be visible ASCII characters or spaces' })
  client_secret?: string;
}

/** `oauth2` as answered: never the secret. */
export class OAuth2AnswerDto {
  @ApiProperty({ example: EXAMPLE.token_url })
  token_url!: string;

  @ApiProperty({ example: EXAMPLE.client_id })
  client_id!: string;

  @ApiProperty({ type: String, nullable: true, example: EXAMPLE.scope })
  scope!: string | null;

  @ApiProperty({ type: String, nullable: true, example: EXAMPLE.audience })
  audience!: string | null;
}
