'use client';

import Link from 'next/link';
import { useViewer } from '../_account/viewer-context';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { ChallengeCard } from './challenge-card';
import { OfferForm } from './offer-challenge-form';
import type { ChallengeNode } from './operations';
import styles from './rooms.module.css';

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
    <div className={styles.roomStack} data-testid="challenges">
      {viewer ? (
        bettable ? (
          <OfferForm markets={markets} onChallenge={onChallenge} />
        ) : (
          <p className={styles.roomEmpty}>This event is over: no new challenges.</p>
        )
      ) : (
        <p className={styles.roomSignin} data-testid="challenges-signin">
          <Link href={signInHref} className="button button-secondary">
            Sign in to offer or take challenges
          </Link>
        </p>
      )}

      <section className={styles.roomCard} aria-labelledby="challenges-open-title">
        <header className={styles.roomCardHead}>
          <h2 id="challenges-open-title" className={styles.roomCardTitle}>
            Open challenges
          </h2>
          <span className={styles.roomCardNote}>{loaded ? `${open.length} waiting` : ''}</span>
        </header>
        {!loaded ? (
          <p className={styles.roomEmpty}>Loading challenges…</p>
        ) : open.length === 0 ? (
          <p className={styles.roomEmpty} data-testid="challenges-open-empty">
            No open challenges. Offer one above.
          </p>
        ) : (
          <ul className={styles.challengeList} data-testid="challenges-open">
            {open.map((challenge) => (
              <ChallengeCard key={challenge.id} challenge={challenge} signedIn={viewer !== null} signInHref={signInHref} onChallenge={onChallenge} />
            ))}
          </ul>
        )}
      </section>

      {loaded && rest.length > 0 && (
        <section className={styles.roomCard} aria-labelledby="challenges-rest-title">
          <header className={styles.roomCardHead}>
            <h2 id="challenges-rest-title" className={styles.roomCardTitle}>
              Taken and settled
            </h2>
          </header>
          <ul className={styles.challengeList} data-testid="challenges-closed">
            {rest.map((challenge) => (
              <ChallengeCard key={challenge.id} challenge={challenge} signedIn={viewer !== null} signInHref={signInHref} onChallenge={onChallenge} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
