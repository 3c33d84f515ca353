import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '../_account/auth-form';
import { safeNext } from '../_account/safe-next';
import { ViewerDocument } from '../_account/operations';
import { serverQuery } from '../_data/server-query';

// Reads the session cookie: someone already signed in goes straight on.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Sign in' };

interface Props {
  searchParams: Promise<{ next?: string | string[] }>;
}

/** Sign in, then back to where the bettor came from (`?next=`). */
export default async function SignInPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next, '/');
  if ((await serverQuery(ViewerDocument)).viewer) redirect(next);
  return (
    <div className="auth-page" data-testid="sign-in-page">
      <h1 className="page-title">Sign in</h1>
      <p className="muted">Play money only: nothing here costs or pays real money.</p>
      <AuthForm mode="sign-in" next={next} />
    </div>
  );
}
