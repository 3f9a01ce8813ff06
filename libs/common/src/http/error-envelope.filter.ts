import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ApiErrorDetail, ERROR_CODES } from './api-error.js';
import { isReplyStarted, sendJsonReply, setReplyHeader } from './http-reply.js';

/**
 * What the body parsers attach to their errors: body-parser (Express) a `type`, Fastify's content
 * type parsers a `code` (malformed JSON, body too large, no parser for the media type).
 */
interface BodyParserError {
  type?: string;
  code?: string;
  status?: number;
  statusCode?: number;
}

/** Fastify's parser errors, answered like body-parser's: they name no body-parser `type`. */
const FASTIFY_PARSER_TYPES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'entity.parse.failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'entity.parse.failed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'entity.too.large',
};

function parserErrorType(error: BodyParserError | null | undefined): string | undefined {
  return error?.type ?? (error?.code === undefined ? undefined : FASTIFY_PARSER_TYPES[error.code]);
}

/**
 * Turns every error into `{ error: { code, message, details } }` with the right status. Exceptions
 * thrown with a `{ code, message, details }` response keep them; others get a code from their status.
 * Errors that are not `HttpException`s (bugs) answer 500 without leaking their text. Answers on
 * Express and on Fastify alike (register it with `app.useGlobalFilters(new ErrorEnvelopeFilter())`).
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorEnvelopeFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response: unknown = host.switchToHttp().getResponse();
    if (isReplyStarted(response)) return;
    const { status, body } = this.toEnvelope(exception);
    if (status >= 500 && !(exception instanceof HttpException)) this.logger.error(exception);
    // A temporary refusal (503, 429) says when to come back; senders with retries honour it.
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') setReplyHeader(response, 'Retry-After', String(retryAfter));
    sendJsonReply(response, status, { error: body });
  }

  /** Maps an exception to a status and error body; override to add mappings. */
  protected toEnvelope(exception: unknown): {
    status: number;
    body: { code: string; message: string; details?: ApiErrorDetail[] };
  } {
    // Nest turns parser errors into HttpExceptions carrying the parser error as `cause`; V8's JSON
    // message quotes the body ("Unexpected token 'x', \"…\" is not valid JSON"), never echo it.
    const cause =
      exception instanceof HttpException ? (exception.cause as BodyParserError | undefined) : undefined;
    // The 413s too: Fastify says "Request body is too large", body-parser "request entity too
    // large"; hosts get one answer on both platforms.
    const causeType = parserErrorType(cause);
    if (causeType === 'entity.parse.failed' || causeType === 'entity.too.large') exception = cause;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const fallbackCode = ERROR_CODES[status] ?? `http_${status}`;
      if (typeof response === 'string') return { status, body: { code: fallbackCode, message: response } };
      const { code, message, details } = response as { code?: unknown; message?: unknown; details?: unknown };
      return {
        status,
        body: {
          code: typeof code === 'string' ? code : fallbackCode,
          message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
          ...(Array.isArray(details) ? { details: details as ApiErrorDetail[] } : {}),
        },
      };
    }
    const parserError = exception as BodyParserError | null;
    const parserType = parserErrorType(parserError);
    if (parserType === 'entity.parse.failed') {
      return {
        status: 400,
        body: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
      };
    }
    if (parserType === 'entity.too.large') {
      return { status: 413, body: { code: 'payload_too_large', message: 'The request body is too large.' } };
    }
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        status,
        body: { code: ERROR_CODES[status] ?? `http_${status}`, message: 'The request was refused.' },
      };
    }
    return { status: 500, body: { code: 'internal_error', message: 'An unexpected error occurred.' } };
  }
}
