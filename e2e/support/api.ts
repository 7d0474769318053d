import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './app-driver.js';

/** Creates an account through the API, in process (no sockets), and returns its access token. */
export async function registerThroughApi(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const registered = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password } });
  expect(registered.statusCode).toBe(201);
  return registered.json<{ accessToken: string }>().accessToken;
}

/** Signs an existing account in through the API and returns its access token. */
export async function signInThroughApi(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const signedIn = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  expect(signedIn.statusCode).toBe(200);
  return signedIn.json<{ accessToken: string }>().accessToken;
}

export type ApiCall = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => Promise<LightMyRequestResponse>;

/** Calls the API in process as the holder of `token`. */
export function apiAs(app: FastifyInstance, token: string): ApiCall {
  return (method, url, payload) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
}

/**
 * Calls the API from inside the page with its own session: the refresh cookie buys an access
 * token, as the app itself does. Answers the status and the JSON body (null when there is none).
 */
export async function callApiFromPage(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const refreshed = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const { accessToken } = (await refreshed.json()) as { accessToken: string };
      const response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          ...(body === null ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === null ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    [method, path, body ?? null] as const,
  );
}
