import { ApiError, LoginBodySchema, NetworkError, RegisterBodySchema } from '@ttm/contract';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../shared/field-errors.js';

export type AuthMode = 'sign-in' | 'sign-up';
export type AuthField = 'email' | 'password';
const FIELDS: readonly AuthField[] = ['email', 'password'];

/** The same schemas the server validates with; null when the input may be sent. */
export function checkCredentials(mode: AuthMode, email: string, password: string): FieldErrors<AuthField> | null {
  const schema = mode === 'sign-up' ? RegisterBodySchema : LoginBodySchema;
  const parsed = schema.safeParse({ email, password });
  return parsed.success ? null : zodFieldErrors(parsed.error, FIELDS);
}

export function describeAuthError(error: unknown): FieldErrors<AuthField> {
  if (error instanceof NetworkError)
    return { form: 'The server cannot be reached. Check your connection and try again.' };
  if (!(error instanceof ApiError)) return { form: 'Something went wrong. Please try again.' };
  switch (error.code) {
    case 'email_taken':
      return { email: 'An account with this email already exists. Sign in instead.' };
    case 'common_password':
      return { password: 'This password is too common. Choose another one.' };
    case 'invalid_credentials':
      return { form: 'Wrong email or password.' };
    case 'rate_limited':
      return { form: 'Too many attempts. Wait a few minutes and try again.' };
    case 'validation_failed':
      return serverFieldErrors(error.fieldErrors(), FIELDS);
    default:
      return { form: error.problem.title };
  }
}
