'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import { formatMoney } from '../../lib/money';
import { useViewer } from '../_account/viewer-context';
import { LocalTime } from '../_components/local-time';
import { graphqlErrorCode } from '../_live/graphql-errors';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { parseStake } from '../_slip/slip-math';
import type { ChallengeStatus, OfferChallengeMutation } from '../_gql/graphql';
import { CancelChallengeDocument, OfferChallengeDocument, TakeChallengeDocument, type ChallengeNode } from './operations';
import { challengeSides, listedSides, oddsText, parseTypedOdds } from './room-math';

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

function failure(error: unknown): string {
  return graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR;
}

const STATUS_LABELS: Record<ChallengeStatus, string> = {
  OPEN: 'Open',
  TAKEN: 'Taken',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  WON: 'Backer won',
  LOST: 'Layer won',
  VOID: 'Void',
};

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

interface Notice {
  kind: 'success' | 'error';
  text: string;
}

/** The form that offers a challenge: selection, stake and odds, with what each side risks. */
function OfferForm({ markets, onChallenge }: { markets: readonly MarketCard_MarketFragment[]; onChallenge: (challenge: ChallengeNode) => void }) {
  const client = useApolloClient();
  const { refresh } = useViewer();
  const ids = useId();
  const openMarkets = markets.filter((m) => m.status === 'OPEN' && m.selections.some((s) => s.status === 'OPEN'));
  const choices = openMarkets.flatMap((m) => m.selections.filter((s) => s.status === 'OPEN').map((s) => ({ market: m, selection: s })));
  const [selectionId, setSelectionId] = useState<string>('');
  const [stakeText, setStakeText] = useState('10.00');
  // Empty: the selection's current odds, followed as they move until the bettor types their own.
  const [oddsTyped, setOddsTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const chosen = choices.find((c) => c.selection.id === selectionId) ?? choices[0] ?? null;
  const oddsInput = oddsTyped === '' && chosen ? chosen.selection.odds : oddsTyped;
  const stakeMinor = parseStake(stakeText);
  const hundredths = parseTypedOdds(oddsInput);
  const stakeInvalid = stakeMinor === null || stakeMinor <= 0n;
  const oddsInvalid = hundredths === null;
  const sides = !stakeInvalid && !oddsInvalid && stakeMinor !== null && hundredths !== null ? challengeSides(stakeMinor, hundredths) : null;

  if (choices.length === 0) {
    return (
      <p className="room-empty" data-testid="challenge-no-markets">
        No market is open right now. Challenges can be offered when one reopens.
      </p>
    );
  }

  async function offer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen || stakeInvalid || oddsInvalid || stakeMinor === null || hundredths === null) {
      setNotice({ kind: 'error', text: stakeInvalid ? 'Enter a stake above zero, such as 10.00.' : 'Enter odds from 1.01 to 1000.00, such as 2.50.' });
      return;
    }
    if (busy) return;
    setBusy(true);
    setNotice(null);
    const stake = formatMoney(stakeMinor);
    const odds = oddsText(hundredths);
    try {
      const { data } = await client.mutate({ mutation: OfferChallengeDocument, variables: { selectionId: chosen.selection.id, stake, odds } });
      const result = data?.offerChallenge;
      if (!result) throw new Error('offerChallenge answered nothing');
      if (result.__typename === 'ChallengePayload') {
        onChallenge(result.challenge);
        void refresh();
        setNotice({ kind: 'success', text: `Challenge offered: ${stake} on ${result.challenge.selection.name} at ${odds}. Your stake is held until someone takes it.` });
      } else {
        setNotice({ kind: 'error', text: result.message });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: failure(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="room-card challenge-form" onSubmit={(e) => void offer(e)} noValidate data-testid="challenge-form" aria-labelledby={`${ids}-title`}>
      <header className="room-card-head">
        <h2 id={`${ids}-title`} className="room-card-title">
          Offer a challenge
        </h2>
        <span className="room-card-note">You back it, someone lays it</span>
      </header>
      <div className="field">
        <label htmlFor={`${ids}-selection`}>Selection</label>
        <select
          id={`${ids}-selection`}
          className="input select"
          value={chosen?.selection.id ?? ''}
          onChange={(e) => {
            setSelectionId(e.target.value);
            setOddsTyped('');
            setNotice(null);
          }}
          data-testid="challenge-selection"
        >
          {openMarkets.map((market) => (
            <optgroup key={market.id} label={market.name}>
              {market.selections
                .filter((s) => s.status === 'OPEN')
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.odds})
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="challenge-fields">
        <div className="field">
          <label htmlFor={`${ids}-stake`}>Your stake</label>
          <input
            id={`${ids}-stake`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            maxLength={13}
            value={stakeText}
            onChange={(e) => {
              setStakeText(e.target.value);
              setNotice(null);
            }}
            aria-invalid={stakeInvalid}
            data-testid="challenge-stake"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-odds`}>Odds</label>
          <input
            id={`${ids}-odds`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            maxLength={7}
            value={oddsInput}
            onChange={(e) => {
              setOddsTyped(e.target.value);
              setNotice(null);
            }}
            aria-invalid={oddsInvalid}
            aria-describedby={`${ids}-sides`}
            data-testid="challenge-odds"
          />
        </div>
      </div>
      <p className="challenge-sides" id={`${ids}-sides`} data-testid="challenge-preview" aria-live="polite">
        {sides && chosen ? (
          <>
            You risk <strong>{sides.makerRisk}</strong> to win <strong data-testid="challenge-preview-win">{sides.makerWin}</strong> if {chosen.selection.name} wins. A taker risks{' '}
            <strong data-testid="challenge-preview-taker">{sides.takerRisk}</strong> to win {sides.takerWin}.
          </>
        ) : stakeInvalid ? (
          'Enter a stake above zero with at most two decimals.'
        ) : (
          'Enter odds from 1.01 to 1000.00 with at most two decimals.'
        )}
      </p>
      <button type="submit" className="button form-submit" disabled={busy} data-testid="challenge-offer">
        {busy ? 'Offering…' : 'Offer challenge'}
      </button>
      {notice && (
        <p className={notice.kind === 'success' ? 'form-success' : 'form-error'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="challenge-message">
          {notice.text}
        </p>
      )}
    </form>
  );
}

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
function ChallengeCard({
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
      setError(failure(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <li
      className="challenge"
      data-testid="challenge"
      data-challenge-id={challenge.id}
      data-status={challenge.status}
      data-mine={challenge.mine ? 'true' : undefined}
      data-taken-by-me={challenge.takenByMe ? 'true' : undefined}
    >
      <div className="challenge-head">
        <p className="challenge-title">
          {challenge.selection.name} <span className="challenge-odds">at {challenge.odds}</span>
        </p>
        <span
          className={`challenge-status challenge-status-${challenge.status.toLowerCase()}`}
          data-viewer-result={viewerResult(challenge) ?? undefined}
          data-testid="challenge-status"
        >
          {STATUS_LABELS[challenge.status]}
        </span>
      </div>
      <p className="challenge-who">
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
        <p className="challenge-terms" data-testid="challenge-terms">
          Taker risks <strong data-testid="challenge-taker-risk">{sides.takerRisk}</strong> to win <strong data-testid="challenge-taker-win">{sides.takerWin}</strong>{' '}
          <span className="muted">(returns {sides.takerReturn})</span>
        </p>
      ) : (
        <p className="challenge-terms" data-testid="challenge-outcome">
          {outcome(challenge)}
        </p>
      )}
      {isOpen && (
        <div className="challenge-foot">
          <span className="challenge-expiry">
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
