const KEY = 'ttm.inviteToken';
export const INVITE_PATH = '/invite';

/** The link an invited person opens: the token rides in the fragment, so it never reaches a server log. */
export function inviteLink(origin: string, token: string): string {
  return `${origin}${INVITE_PATH}#token=${encodeURIComponent(token)}`;
}

/**
 * On start: an invite link's token is kept for this tab (through signing in or up) and
 * taken out of the address bar, so it is not left in the history or shared by accident.
 */
export function captureInviteLink(): void {
  if (window.location.pathname !== INVITE_PATH) return;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) window.sessionStorage.setItem(KEY, token);
  window.history.replaceState(null, '', '/');
}

export function pendingInviteToken(): string | null {
  return window.sessionStorage.getItem(KEY);
}

export function forgetInviteToken(): void {
  window.sessionStorage.removeItem(KEY);
}
