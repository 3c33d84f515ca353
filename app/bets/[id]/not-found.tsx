import Link from 'next/link';

/** Shown (with a 404 status) for an unknown bet id, or a bet of someone else. */
export default function BetNotFound() {
  return (
    <div className="notice" data-testid="not-found">
      <p className="notice-code">404</p>
      <h1>Bet not found</h1>
      <p>There is no bet of yours with this id.</p>
      <Link href="/bets" className="button">
        My bets
      </Link>
    </div>
  );
}
