'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { useState } from 'react';
import { useViewer } from '../_account/viewer-context';
import { LocalTime } from '../_components/local-time';
import type { ChallengeStatus, OfferChallengeMutation } from '../_gql/graphql';
import { challengeFailure } from './challenge-failure';
import { CancelChallengeDocument, TakeChallengeDocument, type ChallengeNode } from './operations';
import { listedSides } from './room-math';
import styles from './rooms.module.css';

/** Open and taken challenges stand out; the rest share the plain status style. */
const STATUS_CLASS: Partial<Record<ChallengeStatus, string>> = { OPEN: styles.challengeStatusOpen, TAKEN: styles.challengeStatusTaken };

const STATUS_LABELS: Record<ChallengeStatus, string> = {
  OPEN: 'Open',
  TAKEN: 'Taken',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  WON: 'Backer won',
  LOST: 'Layer won',
  VOID: 'Void',
};

/** What happened to a challenge that is no longer open, in words for the viewer. */
function outcome(challenge: ChallengeNode): string {
  const selection = challenge.selection.name;
  const maker = challenge.mine ? 'you' : challenge.maker;
  const taker = challenge.takenByMe ? 'you' : (challenge.taker ?? 'the taker');
  switch (challenge.status) {
    case 'OPEN':
      return '';
    case 'TAKEN':
      return `Taken by ${taker}: waiting for the result.`;
    case 'WON':
      if (challenge.mine) return `${selection} won: you win ${challenge.takerStake}.`;
      return `${selection} won: ${maker} wins ${challenge.takenByMe ? 'your ' : ''}${challenge.takerStake}.`;
    case 'LOST':
      if (challenge.takenByMe) return `${selection} did not win: you win ${challenge.stake}.`;
      return `${selection} did not win: ${taker} wins ${challenge.mine ? 'your ' : ''}${challenge.stake}.`;
    case 'VOID':
      return 'Void: both stakes were returned.';
    case 'CANCELLED':
      return 'Withdrawn by the maker; the stake was returned.';
    case 'EXPIRED':
      return 'Nobody took it in time; the stake was returned.';
  }
}

/** How a settled challenge went for the viewer: won, lost, or not theirs (null). */
function viewerResult(challenge: ChallengeNode): 'win' | 'loss' | null {
  if (challenge.status !== 'WON' && challenge.status !== 'LOST') return null;
  const backerWon = challenge.status === 'WON';
  if (challenge.mine) return backerWon ? 'win' : 'loss';
  if (challenge.takenByMe) return backerWon ? 'loss' : 'win';
  return null;
}

/** One challenge: the selection and odds, who made it, what a taker risks, and Take or Cancel. */
export function ChallengeCard({
  challenge,
  signedIn,
  signInHref,
  onChallenge,
}: {
  challenge: ChallengeNode;
  signedIn: boolean;
  signInHref: string;
  onChallenge: (challenge: ChallengeNode) => void;
}) {
  const client = useApolloClient();
  const { refresh } = useViewer();
  const [busy, setBusy] = useState<'take' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sides = listedSides(challenge);
  const isOpen = challenge.status === 'OPEN';

  async function act(kind: 'take' | 'cancel') {
    if (busy) return;
    setBusy(kind);
    setError(null);
    try {
      let result: OfferChallengeMutation['offerChallenge'] | undefined;
      if (kind === 'take') {
        const { data } = await client.mutate({ mutation: TakeChallengeDocument, variables: { challengeId: challenge.id } });
        result = data?.takeChallenge;
      } else {
        const { data } = await client.mutate({ mutation: CancelChallengeDocument, variables: { challengeId: challenge.id } });
        result = data?.cancelChallenge;
      }
      if (!result) throw new Error('the challenge mutation answered nothing');
      if (result.__typename === 'ChallengePayload') {
        onChallenge(result.challenge);
        void refresh();
      } else {
        setError(result.message);
      }
    } catch (caught) {
      setError(challengeFailure(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <li
      className={styles.challenge}
      data-testid="challenge"
      data-challenge-id={challenge.id}
      data-status={challenge.status}
      data-mine={challenge.mine ? 'true' : undefined}
      data-taken-by-me={challenge.takenByMe ? 'true' : undefined}
    >
      <div className={styles.challengeHead}>
        <p className={styles.challengeTitle}>
          {challenge.selection.name} <span className={styles.challengeOdds}>at {challenge.odds}</span>
        </p>
        <span
          className={`${styles.challengeStatus} ${STATUS_CLASS[challenge.status] ?? ''}`}
          data-viewer-result={viewerResult(challenge) ?? undefined}
          data-testid="challenge-status"
        >
          {STATUS_LABELS[challenge.status]}
        </span>
      </div>
      <p className={styles.challengeWho}>
        {challenge.mine ? (
          <strong>Your challenge</strong>
        ) : (
          <>
            <strong>{challenge.maker}</strong> backs it
          </>
        )}{' '}
        for {challenge.stake}
        {challenge.taker && (
          <>
            {' '}
            · laid by <strong>{challenge.takenByMe ? 'you' : challenge.taker}</strong>
          </>
        )}
      </p>
      {isOpen ? (
        <p className={styles.challengeTerms} data-testid="challenge-terms">
          Taker risks <strong data-testid="challenge-taker-risk">{sides.takerRisk}</strong> to win <strong data-testid="challenge-taker-win">{sides.takerWin}</strong>{' '}
          <span className="muted">(returns {sides.takerReturn})</span>
        </p>
      ) : (
        <p className={styles.challengeTerms} data-testid="challenge-outcome">
          {outcome(challenge)}
        </p>
      )}
      {isOpen && (
        <div className={styles.challengeFoot}>
          <span className={styles.challengeExpiry}>
            Expires <LocalTime iso={challenge.expiresAt} />
          </span>
          {challenge.mine ? (
            <button type="button" className="button button-secondary" onClick={() => void act('cancel')} disabled={busy !== null} data-testid="challenge-cancel">
              {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : signedIn ? (
            <button type="button" className="button" onClick={() => void act('take')} disabled={busy !== null} data-testid="challenge-take">
              {busy === 'take' ? 'Taking…' : `Take · risk ${sides.takerRisk}`}
            </button>
          ) : (
            <Link href={signInHref} className="button button-secondary">
              Sign in to take
            </Link>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="challenge-error">
          {error}
        </p>
      )}
    </li>
  );
}
