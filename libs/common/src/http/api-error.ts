import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem with one field of a request. */
export class ApiErrorDetail {
  @ApiProperty({ example: 'url' })
  field!: string;

  @ApiProperty({ example: 'url must be an https URL' })
  message!: string;
}

/** The body of every error response: `{ error: { code, message, details } }`. */
export class ApiErrorBody {
  @ApiProperty({ example: 'validation_failed', description: 'Stable, machine-readable code.' })
  code!: string;

  @ApiProperty({ example: 'The request has 1 invalid field.' })
  message!: string;

  @ApiPropertyOptional({ type: [ApiErrorDetail] })
  details?: ApiErrorDetail[];
}

/** Swagger schema of an error response. */
export class ApiErrorResponse {
  @ApiProperty({ type: ApiErrorBody })
  error!: ApiErrorBody;
}

/** Default codes per HTTP status, used when a thrown exception names none. */
export const ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
};
