import {
  type ErrorCode,
  type FieldError,
  type Problem,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  problemTypeUri,
} from '@ttm/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

export function problemBody(code: ErrorCode, detail: string, errors?: readonly FieldError[]): Problem {
  const { status, title } = PROBLEM_TYPES[code];
  return { type: problemTypeUri(code), title, status, detail, code, ...(errors ? { errors: [...errors] } : {}) };
}

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  options: { errors?: readonly FieldError[]; headers?: Readonly<Record<string, string>> } = {},
): FastifyReply {
  const body = problemBody(code, detail, options.errors);
  for (const [name, value] of Object.entries(options.headers ?? {})) void reply.header(name, value);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** Dotted field paths of one issue; unknown fields have no path of their own, so each is named. */
function pathsOf(instancePath: string, params: Record<string, unknown>): string[] {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const keys = params['keys'];
  if (Array.isArray(keys) && keys.length > 0) {
    return keys.map((key) => (path ? `${path}.${String(key)}` : String(key)));
  }
  return [path];
}

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_json',
};

function fallbackCode(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'validation_failed';
  }
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    return sendProblem(reply, error.code, error.message, {
      ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
      headers: error.headers,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const errors = error.validation.flatMap((issue) =>
      pathsOf(issue.instancePath, issue.params).map((path) => ({
        path: path || where,
        message: issue.message ?? 'Invalid value',
      })),
    );
    return sendProblem(reply, 'validation_failed', `The request ${where} is not valid`, { errors });
  }
  const mapped = FASTIFY_CODES[error.code];
  if (mapped) return sendProblem(reply, mapped, error.message);
  if (error instanceof SyntaxError || (error.statusCode === 400 && error.name === 'SyntaxError')) {
    return sendProblem(reply, 'malformed_json', 'The request body is not valid JSON');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendProblem(reply, fallbackCode(status), error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 'internal_error', 'Something went wrong on our side; it has been logged');
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
}

/** Problem for an unknown API route (the web client's fallback is registered separately). */
export function sendRouteNotFound(reply: FastifyReply): FastifyReply {
  return sendProblem(reply, 'not_found', 'The requested resource does not exist');
}
