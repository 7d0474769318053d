import { z } from 'zod';

/**
 * Stable machine codes carried in every problem+json body. Clients switch on these,
 * never on titles or messages. Never rename one; add new ones instead.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'invalid_refresh_token',
  'wrong_password',
  'email_taken',
  'common_password',
  'forbidden',
  'not_found',
  'id_conflict',
  'version_mismatch',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  'last_owner',
  'personal_wallet',
  'already_member',
  'invite_expired',
  'invite_used',
  'invite_wrong_account',
  'already_resolved',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const FieldErrorSchema = z.object({
  path: z.string().describe('Dotted path of the offending field, e.g. "amount" or "body"'),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, plus our stable `code` and per-field `errors`. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: ErrorCodeSchema,
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Title and status for each code: the one table both the server and the docs read. */
export const PROBLEM_TYPES: Readonly<Record<ErrorCode, { status: number; title: string }>> = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  invalid_credentials: { status: 401, title: 'Wrong email or password' },
  invalid_refresh_token: { status: 401, title: 'The refresh token is not valid' },
  wrong_password: { status: 403, title: 'The current password is wrong' },
  email_taken: { status: 409, title: 'An account with this email already exists' },
  common_password: { status: 400, title: 'This password is too common' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  not_found: { status: 404, title: 'Not found' },
  id_conflict: { status: 409, title: 'This id is already used by different content' },
  version_mismatch: { status: 412, title: 'The resource was changed by someone else' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  last_owner: { status: 409, title: 'A wallet must keep at least one owner' },
  personal_wallet: { status: 409, title: 'Personal wallets cannot be shared or deleted' },
  already_member: { status: 409, title: 'This person is already a member of the wallet' },
  invite_expired: { status: 410, title: 'This invite has expired' },
  invite_used: { status: 409, title: 'This invite has already been used' },
  invite_wrong_account: { status: 403, title: 'This invite was sent to another email address' },
  already_resolved: { status: 409, title: 'This conflict has already been resolved' },
};

export function problemTypeUri(code: ErrorCode): string {
  return `https://trackthatmoney.app/problems/${code.replaceAll('_', '-')}`;
}

/** A failed API call, as seen by a client. `code` is the stable machine code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly problem: Problem;
  /** How long the server asked to wait before trying again (its `Retry-After`), if it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, options: { readonly retryAfterSeconds?: number | undefined } = {}) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Field messages keyed by path, for showing next to form fields. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { path, message } of this.problem.errors ?? []) out[path] ??= message;
    return out;
  }
}

/** The request never reached the server or its answer never came back. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached', { cause });
    this.name = 'NetworkError';
  }
}
