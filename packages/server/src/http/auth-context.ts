import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../errors.js';

export interface AuthContext {
  readonly userId: string;
  readonly sessionId: string;
}

/** Resolves a bearer token to an active session, or null. */
export type Authenticator = (token: string) => Promise<AuthContext | null>;

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

export async function authenticateRequest(request: FastifyRequest, authenticate: Authenticator): Promise<AuthContext> {
  const header = request.headers.authorization;
  if (header === undefined) throw new UnauthenticatedError('Sign in: this request needs a bearer access token', false);
  const token = BEARER.exec(header)?.[1];
  const auth = token === undefined ? null : await authenticate(token);
  if (!auth) throw new UnauthenticatedError('The access token is missing, malformed, expired or revoked');
  return auth;
}
