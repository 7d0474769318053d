import { AuthSession } from '../api/auth-session.js';

/**
 * The session: the contract client, zod and the auth endpoints' schemas. Loaded right after the
 * first screen renders from the local store, so it stays out of the first-screen bundle; the
 * sign-in screen needs nothing more of the network layer.
 */
export function connectSession(): AuthSession {
  return new AuthSession({ storage: window.localStorage });
}
