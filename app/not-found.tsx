import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

/** The 404 page for any address the app does not know. */
export default function NotFound() {
  return (
    <div className="notice" data-testid="not-found">
      <p className="notice-code">404</p>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/" className="button">
        Back to the lobby
      </Link>
    </div>
  );
}
