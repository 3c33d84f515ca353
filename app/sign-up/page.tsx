import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '../_account/auth-form';
import { safeNext } from '../_account/safe-next';
import { ViewerDocument } from '../_account/operations';
import { serverQuery } from '../_data/server-query';

// Reads the session cookie: someone already signed in goes straight on.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Sign up' };

interface Props {
  searchParams: Promise<{ next?: string | string[] }>;
}

/** Create an account; a new account starts at 0.00, so the wallet is the default next stop. */
export default async function SignUpPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next, '/wallet');
  if ((await serverQuery(ViewerDocument)).viewer) redirect(next);
  return (
    <div className="auth-page" data-testid="sign-up-page">
      <h1 className="page-title">Create an account</h1>
      <p className="muted">Play money only: deposit as much pretend money as your daily limit allows.</p>
      <AuthForm mode="sign-up" next={next} />
    </div>
  );
}
