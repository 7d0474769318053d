import {
  ApiError,
  authEndpoints,
  createApiClient,
  type ApiClient,
  type AuthSession as AuthSessionBody,
  type CallOptions,
  type Endpoint,
  type EndpointInput,
  type EndpointOutput,
  type User,
} from '@ttm/contract';
import { readRememberedUser, rememberUser } from './remembered-user.js';
import { SessionExpiredError } from './session-errors.js';

export type SessionState =
  | { readonly status: 'starting' }
  | { readonly status: 'signed-in'; readonly user: User; readonly verified: boolean }
  | { readonly status: 'signed-out'; readonly reason: 'none' | 'expired' | 'signed-out' };

export interface AuthSessionOptions {
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Where the last user is remembered (localStorage in the browser). */
  readonly storage?: Storage;
  readonly now?: () => number;
}

/** Refresh this long before the access token runs out, so calls never carry a dead one. */
const EXPIRY_MARGIN_MS = 30_000;
/** How long a rate-limited refresh waits when the server does not say. */
const DEFAULT_REFRESH_WAIT_MS = 60_000;
/**
 * The longest such wait, whatever the server (or a proxy) says: the server's longest budget is
 * 15 minutes, and a clock set back meanwhile must not leave the app waiting for longer.
 */
const MAX_REFRESH_WAIT_MS = 15 * 60_000;

/**
 * The browser session. The refresh token lives in an httpOnly SameSite=Strict cookie that
 * scripts cannot read; the short-lived access token lives only in this object's memory.
 * Every API call goes through `call`, which refreshes silently: concurrent callers share one
 * refresh, and a refused refresh turns the state to signed-out ("expired"). A refresh the server
 * rate-limits (429) is not asked again by this tab before its `Retry-After`: until then every call
 * that needs a refresh gets that answer at once, instead of each of a starting app's queries
 * sending a refresh of its own. A sign-in ends the wait.
 */
export class AuthSession {
  readonly #client: ApiClient;
  readonly #storage: Storage | undefined;
  readonly #now: () => number;
  #accessToken: string | null = null;
  #expiresAt = 0;
  #refreshing: Promise<void> | null = null;
  /** The last rate-limited refresh, and until when it stands. */
  #refreshRefused: { readonly until: number; readonly error: ApiError } | null = null;
  /** Bumped whenever tokens arrive, so a refresh refused meanwhile knows it is stale. */
  #generation = 0;
  #state: SessionState = { status: 'starting' };
  readonly #listeners = new Set<() => void>();

  constructor(options: AuthSessionOptions = {}) {
    this.#storage = options.storage;
    this.#now = options.now ?? Date.now;
    this.#client = createApiClient({
      baseUrl: options.baseUrl ?? '',
      ...(options.fetch ? { fetch: options.fetch } : {}),
      getAccessToken: () => this.#accessToken,
      init: { credentials: 'same-origin' },
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getState = (): SessionState => this.#state;

  /** On start: the cookie (if any) buys an access token. Offline, the remembered user's data opens. */
  async restore(): Promise<void> {
    try {
      await this.#refresh();
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        // Someone was signed in here and their session has run out: say so on the sign-in screen.
        const hadUser = readRememberedUser(this.#storage) !== null;
        this.#setState({ status: 'signed-out', reason: hadUser ? 'expired' : 'none' });
        return;
      }
      const remembered = readRememberedUser(this.#storage);
      this.#setState(
        remembered
          ? { status: 'signed-in', user: remembered, verified: false }
          : { status: 'signed-out', reason: 'none' },
      );
    }
  }

  async signIn(email: string, password: string): Promise<User> {
    const body = await this.#client.call(authEndpoints.login, {
      body: { email, password, refreshTransport: 'cookie' },
    });
    return this.#accept(body);
  }

  async signUp(email: string, password: string, currency?: string): Promise<User> {
    const body = await this.#client.call(authEndpoints.register, {
      body: { email, password, refreshTransport: 'cookie', ...(currency ? { currency } : {}) },
    });
    return this.#accept(body);
  }

  /** Ends the server session (best effort when offline) and forgets the tokens. */
  async signOut(): Promise<void> {
    try {
      await this.#client.call(authEndpoints.logout, { body: {} });
    } finally {
      this.#accessToken = null;
      this.#expiresAt = 0;
      rememberUser(this.#storage, null);
      this.#setState({ status: 'signed-out', reason: 'signed-out' });
    }
  }

  /** A live access token (refreshed when needed) for requests the JSON client cannot make: CSV bodies. */
  async accessToken(): Promise<string> {
    if (this.#accessToken === null || this.#now() >= this.#expiresAt - EXPIRY_MARGIN_MS) await this.#refresh();
    if (this.#accessToken === null) throw new SessionExpiredError();
    return this.#accessToken;
  }

  /** Calls an endpoint as the signed-in user, refreshing the access token when needed. */
  async call<E extends Endpoint>(
    endpoint: E,
    input: EndpointInput<E>,
    options?: CallOptions,
  ): Promise<EndpointOutput<E>> {
    if (endpoint.auth && (this.#accessToken === null || this.#now() >= this.#expiresAt - EXPIRY_MARGIN_MS)) {
      await this.#refresh();
    }
    try {
      return await this.#client.call(endpoint, input, options);
    } catch (error) {
      if (!(endpoint.auth && error instanceof ApiError && error.status === 401)) throw error;
      // The token died early (server restart, password change elsewhere): one refresh, one retry.
      await this.#refresh();
      return this.#client.call(endpoint, input, options);
    }
  }

  #refresh(): Promise<void> {
    const refused = this.#refreshRefused;
    if (refused !== null && this.#now() < refused.until) return Promise.reject(refused.error);
    this.#refreshing ??= this.#runRefresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #runRefresh(): Promise<void> {
    const exchange = async (): Promise<void> => {
      const generation = this.#generation;
      try {
        const body = await this.#client.call(authEndpoints.refresh, { body: {} });
        this.#accept(body);
      } catch (error) {
        // Signed in or up while the refused refresh was on its way (a fast sign-in on a freshly
        // opened page): the new session stands.
        if (error instanceof ApiError && error.status === 401 && generation !== this.#generation) return;
        if (error instanceof ApiError && error.status === 401) {
          this.#accessToken = null;
          const current = this.#state;
          if (current.status !== 'signed-out') {
            this.#setState({ status: 'signed-out', reason: current.status === 'signed-in' ? 'expired' : 'none' });
          }
          throw new SessionExpiredError();
        }
        // A session that arrived while this refresh was on its way (a sign-in) is not held back.
        if (error instanceof ApiError && error.status === 429 && generation === this.#generation) {
          const asked =
            error.retryAfterSeconds === undefined ? DEFAULT_REFRESH_WAIT_MS : error.retryAfterSeconds * 1000;
          this.#refreshRefused = { until: this.#now() + Math.min(asked, MAX_REFRESH_WAIT_MS), error };
        }
        throw error;
      }
    };
    // Tabs share the refresh cookie, and each refresh rotates it: one tab at a time.
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (locks) await locks.request('ttm-auth-refresh', exchange);
    else await exchange();
  }

  #accept(body: AuthSessionBody): User {
    this.#generation += 1;
    this.#refreshRefused = null;
    this.#accessToken = body.accessToken;
    this.#expiresAt = this.#now() + body.expiresIn * 1000;
    rememberUser(this.#storage, body.user);
    const current = this.#state;
    if (!(current.status === 'signed-in' && current.verified && current.user.id === body.user.id)) {
      this.#setState({ status: 'signed-in', user: body.user, verified: true });
    }
    return body.user;
  }

  #setState(state: SessionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
