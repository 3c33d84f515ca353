'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type FormEvent } from 'react';
import type { SignInMutation } from '../_gql/graphql';
import { SignInDocument, SignUpDocument } from './operations';
import { useViewer } from './viewer-context';

const COPY = {
  'sign-in': { submit: 'Sign in', pending: 'Signing in…', passwordAutocomplete: 'current-password' },
  'sign-up': { submit: 'Create account', pending: 'Creating account…', passwordAutocomplete: 'new-password' },
} as const;

/**
 * The sign-in and sign-up form. The server answers with the session in an httpOnly cookie (never
 * seen by this code); the page then goes to `next` and renders again so server components see it.
 */
export function AuthForm({ mode, next }: { mode: 'sign-in' | 'sign-up'; next: string }) {
  const client = useApolloClient();
  const router = useRouter();
  const { signedIn } = useViewer();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [navigating, startNavigation] = useTransition();
  const ids = useId();
  const copy = COPY[mode];
  const busy = submitting || navigating;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!username || !password) {
      setError('Enter a username and a password.');
      return;
    }
    setSubmitting(true);
    setError(null);
    let result: SignInMutation['signIn'] | undefined;
    try {
      const variables = { username, password };
      result =
        mode === 'sign-in'
          ? (await client.mutate({ mutation: SignInDocument, variables })).data?.signIn
          : (await client.mutate({ mutation: SignUpDocument, variables })).data?.signUp;
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
      return;
    } finally {
      setSubmitting(false);
    }
    if (!result) {
      setError('Something went wrong. Please try again.');
      return;
    }
    if (result.__typename === 'Rejection') {
      // The server's sentence says what to do, including when to try again after RATE_LIMITED.
      setError(result.message);
      return;
    }
    signedIn(result.viewer);
    startNavigation(() => {
      router.replace(next);
      // The layout (header) and the next page are server components: render them with the cookie.
      router.refresh();
    });
  }

  return (
    <form className="form" data-testid="auth-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-username`}>Username</label>
        <input
          id={`${ids}-username`}
          className="input"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          minLength={mode === 'sign-up' ? 3 : undefined}
          maxLength={32}
          aria-describedby={mode === 'sign-up' ? `${ids}-username-hint` : undefined}
          data-testid="auth-username"
        />
        {mode === 'sign-up' && (
          <p className="field-hint" id={`${ids}-username-hint`}>
            3 to 32 letters, digits, dots, dashes or underscores.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-password`}>Password</label>
        <input
          id={`${ids}-password`}
          className="input"
          name="password"
          type="password"
          autoComplete={copy.passwordAutocomplete}
          required
          minLength={mode === 'sign-up' ? 8 : undefined}
          maxLength={128}
          aria-describedby={mode === 'sign-up' ? `${ids}-password-hint` : undefined}
          data-testid="auth-password"
        />
        {mode === 'sign-up' && (
          <p className="field-hint" id={`${ids}-password-hint`}>
            At least 8 characters.
          </p>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
      <button type="submit" className="button form-submit" data-testid="auth-submit" disabled={busy}>
        {busy ? copy.pending : copy.submit}
      </button>
      <p className="form-switch">
        {mode === 'sign-in' ? (
          <>
            New here?{' '}
            <Link href={`/sign-up?next=${encodeURIComponent(next)}`} data-testid="auth-switch">
              Create an account
            </Link>
          </>
        ) : (
          <>
            Have an account?{' '}
            <Link href={`/sign-in?next=${encodeURIComponent(next)}`} data-testid="auth-switch">
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
