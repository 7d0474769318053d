import type { ErrorCode, FieldError } from '@ttm/contract';
import { PROBLEM_TYPES } from '@ttm/contract';

/** An expected failure with a stable code; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { fieldErrors?: readonly FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[code].title);
    this.name = new.target.name;
    this.code = code;
    this.status = PROBLEM_TYPES[code].status;
    this.fieldErrors = options.fieldErrors;
    this.headers = options.headers ?? {};
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: readonly FieldError[], detail = 'Some fields are not valid') {
    super('validation_failed', detail, { fieldErrors });
  }
}

/** Same body for "does not exist" and "exists but is not yours": nothing leaks. */
export class NotFoundError extends AppError {
  constructor() {
    super('not_found', 'The requested resource does not exist');
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Your role in this wallet does not allow this') {
    super('forbidden', detail);
  }
}

/** 401 with the RFC 6750 challenge; `invalidToken` when a token was sent but did not pass. */
export class UnauthenticatedError extends AppError {
  constructor(detail = 'A valid access token is required', invalidToken = true) {
    const challenge = invalidToken
      ? 'Bearer realm="trackthatmoney", error="invalid_token"'
      : 'Bearer realm="trackthatmoney"';
    super('unauthenticated', detail, { headers: { 'www-authenticate': challenge } });
  }
}

export class ConflictError extends AppError {}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', `Too many attempts; try again in ${String(retryAfterSeconds)} seconds`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
