import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ApiErrorDetail, ERROR_CODES } from './api-error.js';

interface HttpResponseLike {
  status(code: number): HttpResponseLike;
  setHeader?(name: string, value: string): void;
  json(body: unknown): void;
  headersSent?: boolean;
}

/** What body-parser attaches to its errors (malformed JSON, body too large). */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/**
 * Turns every error into `{ error: { code, message, details } }` with the right status. Exceptions
 * thrown with a `{ code, message, details }` response keep them; others get a code from their status.
 * Errors that are not `HttpException`s (bugs) answer 500 without leaking their text.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorEnvelopeFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponseLike>();
    if (response.headersSent) return;
    const { status, body } = this.toEnvelope(exception);
    if (status >= 500 && !(exception instanceof HttpException)) this.logger.error(exception);
    // A temporary refusal (503, 429) says when to come back; senders with retries honour it.
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader?.('Retry-After', String(retryAfter));
    response.status(status).json({ error: body });
  }

  /** Maps an exception to a status and error body; override to add mappings. */
  protected toEnvelope(exception: unknown): {
    status: number;
    body: { code: string; message: string; details?: ApiErrorDetail[] };
  } {
    // Nest turns body-parser errors into HttpExceptions carrying the parser error as `cause`; V8's
    // JSON message quotes the body ("Unexpected token 'x', \"…\" is not valid JSON"), never echo it.
    const cause =
      exception instanceof HttpException ? (exception.cause as BodyParserError | undefined) : undefined;
    if (cause?.type === 'entity.parse.failed') exception = cause;
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
    if (parserError?.type === 'entity.parse.failed') {
      return {
        status: 400,
        body: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
      };
    }
    if (parserError?.type === 'entity.too.large') {
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
