'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Shown when a page fails to render; the details stay in the server log (see the digest). */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <div className="notice" data-testid="error-page" role="alert">
      <p className="notice-code">Error</p>
      <h1>Something went wrong</h1>
      <p>We could not show this page. It may work if you try again.</p>
      {digest && <p className="muted">Reference: {digest}</p>}
      <div className="notice-actions">
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="button button-secondary">
          Lobby
        </Link>
      </div>
    </div>
  );
}
