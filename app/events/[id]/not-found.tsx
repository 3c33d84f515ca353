import Link from 'next/link';

/** Shown (with a 404 status) for an event id that does not exist. */
export default function EventNotFound() {
  return (
    <div className="notice" data-testid="not-found">
      <p className="notice-code">404</p>
      <h1>Event not found</h1>
      <p>This event does not exist, or it has been removed.</p>
      <Link href="/" className="button">
        Back to the lobby
      </Link>
    </div>
  );
}
