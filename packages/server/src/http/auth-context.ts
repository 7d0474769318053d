import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../errors.js';

export interface AuthContext {
  readonly userId: string;
  readonly sessionId: string;
}

/** Resolves a bearer token to an active session, or null. */
export type Authenticator = (token: string) => Promise<AuthContext | null>;

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/** The bearer token of the Authorization header, if it has the right shape. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

export async function authenticateRequest(request: FastifyRequest, authenticate: Authenticator): Promise<AuthContext> {
  if (request.headers.authorization === undefined)
    throw new UnauthenticatedError('Sign in: this request needs a bearer access token', false);
  const token = bearerToken(request);
  const auth = token === undefined ? null : await authenticate(token);
  if (!auth) throw new UnauthenticatedError('The access token is missing, malformed, expired or revoked');
  return auth;
}
