import { useId, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import type { FieldErrors } from '../../shared/field-errors.js';
import { LogoMark } from '../../shared/icons.js';
import { pendingInviteToken } from '../../platform/invite-link.js';

import type { AuthField, AuthMode } from './auth-checks.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';

type Mode = AuthMode;
type Field = AuthField;

interface AuthScreenProps {
  readonly expired: boolean;
}

export function AuthScreen({ expired }: AuthScreenProps) {
  const { session } = useServices();
  const [mode, setMode] = useState<Mode>(() =>
    window.location.pathname.startsWith('/sign-up') ? 'sign-up' : 'sign-in',
  );
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  const switchMode = (next: Mode) => {
    setMode(next);
    setErrors({});
    window.history.replaceState(null, '', next === 'sign-up' ? '/sign-up' : '/sign-in');
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    // The checks use the contract's zod schemas, loaded on first use to keep this screen light.
    const { checkCredentials, describeAuthError } = await import('./auth-checks.js');
    const invalid = checkCredentials(mode, email, password);
    if (invalid) {
      setErrors(invalid);
      setBusy(false);
      focusFirstInvalid(form);
      return;
    }
    setErrors({});
    try {
      if (mode === 'sign-up') await session.signUp(email, password);
      else await session.signIn(email, password);
      if (window.location.pathname.startsWith('/sign')) window.history.replaceState(null, '', '/');
    } catch (error) {
      setErrors(describeAuthError(error));
      setBusy(false);
    }
  };

  const signUp = mode === 'sign-up';
  return (
    <main className="auth-screen">
      <div className="auth-card">
        <div className="auth-brand">
          <LogoMark size={48} />
          <h1>TrackThatMoney</h1>
          <p className="muted">Every expense, on every device.</p>
        </div>
        {pendingInviteToken() !== null && (
          <p className="banner" role="status" data-testid="invite-banner">
            You have been invited to a shared wallet. Sign in, or create an account, with the email address the
            invitation was sent to: you join the wallet right after.
          </p>
        )}
        {expired && (
          <p className="banner" role="alert">
            Your session has ended. Sign in again — anything you were typing is kept.
          </p>
        )}
        <div className="segmented" role="group" aria-label="Account">
          <button
            type="button"
            aria-pressed={!signUp}
            onClick={() => {
              switchMode('sign-in');
            }}
          >
            Sign in
          </button>
          <button
            type="button"
            aria-pressed={signUp}
            onClick={() => {
              switchMode('sign-up');
            }}
          >
            Create account
          </button>
        </div>
        <form noValidate onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`} className="visually-hidden">
            {signUp ? 'Create account' : 'Sign in'}
          </h2>
          <div className="field">
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="email"
              inputMode="email"
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
              {...invalidProps(errors.email, `${id}-email-error`)}
              required
            />
            <FieldError id={`${id}-email-error`} message={errors.email} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete={signUp ? 'new-password' : 'current-password'}
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={
                [errors.password ? `${id}-password-error` : '', signUp ? `${id}-password-hint` : ''].join(' ').trim() ||
                undefined
              }
              required
            />
            {signUp && (
              <p id={`${id}-password-hint`} className="field-hint">
                At least 8 characters. Common passwords are refused.
              </p>
            )}
            <FieldError id={`${id}-password-error`} message={errors.password} />
          </div>
          {errors.form && (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          )}
          <button type="submit" className="button primary wide" disabled={busy}>
            {busy ? 'Please wait…' : signUp ? 'Create account' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => {
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
