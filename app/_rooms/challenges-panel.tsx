'use client';

import Link from 'next/link';
import { useViewer } from '../_account/viewer-context';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { ChallengeCard } from './challenge-card';
import { OfferForm } from './offer-challenge-form';
import type { ChallengeNode } from './operations';

/**
 * Head-to-head challenges in this room: offer one (back a selection of an open market at your own
 * odds and stake), take someone else's (lay it: stake x (odds - 1)), cancel your own while nobody
 * has taken it, and see what was taken and how it settled.
 */
export function ChallengesPanel({
  eventId,
  markets,
  challenges,
  loaded,
  bettable,
  onChallenge,
}: {
  eventId: string;
  markets: readonly MarketCard_MarketFragment[];
  challenges: readonly ChallengeNode[];
  loaded: boolean;
  bettable: boolean;
  /** A challenge this tab changed, as the server answered it. */
  onChallenge: (challenge: ChallengeNode) => void;
}) {
  const { viewer } = useViewer();
  const open = challenges.filter((c) => c.status === 'OPEN');
  const rest = challenges.filter((c) => c.status !== 'OPEN');
  const signInHref = `/sign-in?next=${encodeURIComponent(`/events/${eventId}?tab=challenges`)}`;

  return (
    <div className="room-stack" data-testid="challenges">
      {viewer ? (
        bettable ? (
          <OfferForm markets={markets} onChallenge={onChallenge} />
        ) : (
          <p className="room-empty">This event is over: no new challenges.</p>
        )
      ) : (
        <p className="room-signin" data-testid="challenges-signin">
          <Link href={signInHref} className="button button-secondary">
            Sign in to offer or take challenges
          </Link>
        </p>
      )}

      <section className="room-card" aria-labelledby="challenges-open-title">
        <header className="room-card-head">
          <h2 id="challenges-open-title" className="room-card-title">
            Open challenges
          </h2>
          <span className="room-card-note">{loaded ? `${open.length} waiting` : ''}</span>
        </header>
        {!loaded ? (
          <p className="room-empty">Loading challenges…</p>
        ) : open.length === 0 ? (
          <p className="room-empty" data-testid="challenges-open-empty">
            No open challenges. Offer one above.
          </p>
        ) : (
          <ul className="challenge-list" data-testid="challenges-open">
            {open.map((challenge) => (
              <ChallengeCard key={challenge.id} challenge={challenge} signedIn={viewer !== null} signInHref={signInHref} onChallenge={onChallenge} />
            ))}
          </ul>
        )}
      </section>

      {loaded && rest.length > 0 && (
        <section className="room-card" aria-labelledby="challenges-rest-title">
          <header className="room-card-head">
            <h2 id="challenges-rest-title" className="room-card-title">
              Taken and settled
            </h2>
          </header>
          <ul className="challenge-list" data-testid="challenges-closed">
            {rest.map((challenge) => (
              <ChallengeCard key={challenge.id} challenge={challenge} signedIn={viewer !== null} signInHref={signInHref} onChallenge={onChallenge} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
