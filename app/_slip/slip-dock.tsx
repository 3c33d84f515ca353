'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { formatMoney } from '../../lib/money';
import { useViewer } from '../_account/viewer-context';
import { PlaceBetDocument } from '../_bets/operations';
import type { PlaceBetMutation } from '../_gql/graphql';
import { useConnection } from '../_live/connection';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { IdempotentAttempt } from '../_live/idempotency-key';
import { useBetEvents } from '../_bets/bet-events';
import { useToast } from '../_toasts/toasts';
import { useSlip } from './slip-context';
import { useLivePicks, type LivePick } from './slip-live';
import { combinedOdds, compareOdds, parseStake, potentialPayout } from './slip-math';
import { SlipBar } from './slip-bar';
import { SlipNotes } from './slip-notes';
import { pickBlocker, SlipPickRow } from './slip-pick-row';
import { useStakeLimits } from './slip-limits';
import { SlipRejectionNote } from './slip-rejection';
import { SlipStake, stakeLimitError } from './slip-stake';
import { MAX_LEGS, type OddsPolicy, type SlipState } from './slip-state';
import { SlipEventWatcher } from './slip-watchers';
import styles from './slip.module.css';

interface SlipMessage {
  /** What the slip looked like when the message was set; an edit by the bettor clears it. */
  key: string;
  text: string;
  href?: string;
  linkText?: string;
}

/** What the bettor controls: a message about a failed placement stays until one of these changes. */
function editKey(state: SlipState): string {
  return JSON.stringify([state.picks.map((p) => [p.selectionId, p.odds]), state.stake, state.policy]);
}

/** A change that the bettor's odds-change policy takes without asking. */
function autoAccepted(pick: LivePick, policy: OddsPolicy): boolean {
  return policy === 'ANY' || (policy === 'HIGHER' && compareOdds(pick.currentOdds, pick.odds) > 0);
}

/** The bettor-facing text of a placement the server turned down. */
function rejectionMessage(result: Exclude<PlaceBetMutation['placeBet'], { __typename: 'BetPlaced' }>): Omit<SlipMessage, 'key'> {
  if (result.__typename === 'LimitRejection') {
    const bounds = [result.min && `minimum ${result.min}`, result.max && `maximum ${result.max}`].filter(Boolean).join(', ');
    return { text: bounds ? `${result.message} (${bounds})` : result.message };
  }
  if (result.code === 'INSUFFICIENT_FUNDS') return { text: result.message, href: '/wallet', linkText: 'Deposit' };
  return { text: result.message };
}

/**
 * The bet slip: a bar docked at the bottom of every page once something is picked, which opens
 * into the slip itself. One pick is a single; picks from different events make an accumulator.
 * Prices are the cache's, which the feed keeps current; a change must be accepted (unless the
 * bettor's policy takes it: any rise, or any change) before the bet can be placed, and while the
 * connection is not live (or the picks not read since) the prices are marked stale and nothing can
 * be placed. The maximum stake for the picks is shown and enforced before placing. A bet rejected
 * after its in-play delay comes back into the slip, explained, with one action to place it again.
 * Mounted by BetSlip (bet-slip.tsx) while there are picks or a placed bet awaits its decision.
 */
export function SlipDock() {
  const { state, dispatch, open, setOpen } = useSlip();
  const { viewer, signedOut } = useViewer();
  const client = useApolloClient();
  const toast = useToast();
  const router = useRouter();
  const pathname = usePathname();
  const ids = useId();
  const [placing, setPlacing] = useState(false);
  const [message, setMessage] = useState<SlipMessage | null>(null);
  const attempt = useRef(new IdempotentAttempt());

  // Which events' watchers have done their first read; the dock reports when all have.
  const [readyEvents, setReadyEvents] = useState<ReadonlySet<string>>(new Set());
  const onWatcherReady = useCallback((eventId: string, ready: boolean) => {
    setReadyEvents((current) => {
      if (current.has(eventId) === ready) return current;
      const next = new Set(current);
      if (ready) next.add(eventId);
      else next.delete(eventId);
      return next;
    });
  }, []);

  const { stake, policy, rejection } = state;
  const picks = useLivePicks(state.picks);
  const { state: connection } = useConnection();
  const watchedEvents = useMemo(() => [...new Set(picks.filter((p) => !p.unavailable).map((p) => p.eventId))], [picks]);

  const eventCounts = new Map<string, number>();
  for (const pick of picks) eventCounts.set(pick.eventId, (eventCounts.get(pick.eventId) ?? 0) + 1);
  const sameEvent = picks.filter((p) => (eventCounts.get(p.eventId) ?? 0) > 1);
  const blocked = picks.filter((p) => pickBlocker(p) !== null);
  const changes = picks.filter((p) => p.currentOdds !== p.odds && !autoAccepted(p, policy));
  const tooMany = picks.length > MAX_LEGS;

  const stakeMinor = parseStake(stake);
  const stakeInvalid = stakeMinor === null;
  const currentOdds = picks.map((p) => p.currentOdds);
  const combined = combinedOdds(currentOdds);
  const payout = stakeMinor && stakeMinor > 0n ? potentialPayout(stakeMinor, currentOdds) : 0n;
  const accumulator = picks.length > 1;
  const limits = useStakeLimits(
    picks.map((p) => p.selectionId),
    currentOdds,
  );
  const limitError = stakeLimitError(stakeMinor, limits);

  // The bet this slip placed and is waiting on: accepted, it is forgotten; rejected, it comes back.
  const pendingBetId = state.pending?.betId;
  useBetEvents(({ bet }) => {
    if (bet.id !== pendingBetId || bet.status === 'PENDING') return;
    const rejected = bet.status === 'REJECTED' ? { code: bet.rejectionCode ?? null, reason: bet.rejectionReason ?? null, stake: bet.stake } : null;
    dispatch({ type: 'decided', betId: bet.id, rejected });
    if (rejected) setOpen(true);
  });

  const allReady = watchedEvents.every((id) => readyEvents.has(id));
  const live = connection === 'connected' && allReady;
  // Everything but the odds: a rejected bet is placed again at the odds shown now.
  const canPlaceAtCurrent =
    live &&
    viewer !== null &&
    !placing &&
    picks.length > 0 &&
    !tooMany &&
    sameEvent.length === 0 &&
    blocked.length === 0 &&
    limitError === null &&
    stakeMinor !== null &&
    stakeMinor > 0n;
  const canPlace = canPlaceAtCurrent && changes.length === 0;

  const shownMessage = message && message.key === editKey(state) ? message : null;

  /** Places the slip's bet; `atCurrentOdds` takes the odds shown now for every leg (placing again after a rejection). */
  async function place(atCurrentOdds = false) {
    if (!(atCurrentOdds ? canPlaceAtCurrent : canPlace) || stakeMinor === null) return;
    if (atCurrentOdds) dispatch({ type: 'acceptOdds', current: new Map(picks.map((p) => [p.selectionId, p.currentOdds])) });
    const input = {
      legs: picks.map((p) => ({ selectionId: p.selectionId, odds: atCurrentOdds ? p.currentOdds : p.odds })),
      stake: formatMoney(stakeMinor),
      oddsChangePolicy: policy,
    };
    const idempotencyKey = attempt.current.keyFor(JSON.stringify(input));
    const key = atCurrentOdds ? editKey({ ...state, picks: state.picks.map((p, i) => ({ ...p, odds: input.legs[i]?.odds ?? p.odds })) }) : editKey(state);
    setPlacing(true);
    setMessage(null);
    try {
      const { data } = await client.mutate({ mutation: PlaceBetDocument, variables: { input: { ...input, idempotencyKey } } });
      attempt.current.settled();
      const result = data?.placeBet;
      if (!result) throw new Error('placeBet answered nothing');
      if (result.__typename === 'BetPlaced') {
        // The balance follows with the bet's PLACED update (bet-events.tsx).
        dispatch({ type: 'placed', betId: result.bet.id, pending: result.bet.status === 'PENDING' });
        setOpen(false);
        toast({ kind: 'success', tag: 'bet-placed', title: 'Bet placed', body: `Stake ${result.bet.stake} at ${result.bet.odds}`, href: `/bets/${result.bet.id}`, linkText: 'View ticket' });
        return;
      }
      if (result.__typename === 'OddsChanged') {
        // The answer's selections are in the cache now, so the prompt to accept the new odds shows
        // them; no other message is needed.
        return;
      }
      setMessage({ key, ...rejectionMessage(result) });
    } catch (error) {
      const code = graphqlErrorCode(error);
      if (code === 'UNAUTHENTICATED') {
        attempt.current.settled();
        signedOut();
        router.push(`/sign-in?next=${encodeURIComponent(pathname)}`);
        return;
      }
      if (code !== null) attempt.current.settled();
      // A network failure keeps the key: trying again re-sends the same submission.
      setMessage({ key, text: code === null ? 'Could not reach the server. Check your connection and try again.' : 'Something went wrong. Please try again.' });
    } finally {
      setPlacing(false);
    }
  }

  if (picks.length === 0) return null;

  const slipId = `${ids}-slip`;
  const typeLabel = accumulator ? `Accumulator (${picks.length})` : 'Single';

  return (
    <>
      {/* Keeps the end of the page clear of the docked bar. */}
      <div className={styles.slipSpacer} aria-hidden="true" />
      <div className={styles.slipDock} data-testid="slip-dock" data-open={open ? 'true' : 'false'} data-live-ready={allReady ? 'true' : 'false'} data-stale={live ? 'false' : 'true'}>
        {watchedEvents.map((eventId) => (
          <SlipEventWatcher key={eventId} eventId={eventId} onReady={onWatcherReady} />
        ))}

        {open && (
          <section id={slipId} className={styles.slip} data-testid="bet-slip" aria-label="Bet slip">
            <header className={styles.slipHead}>
              <h2 className={styles.slipTitle}>
                Bet slip{' '}
                <span className={styles.slipType} data-testid="slip-type">
                  {typeLabel}
                </span>
              </h2>
              <button type="button" className={styles.slipTextButton} data-testid="slip-clear" onClick={() => dispatch({ type: 'clear' })}>
                Clear
              </button>
            </header>

            <ul className={styles.slipPicks}>
              {picks.map((pick) => (
                <SlipPickRow key={pick.selectionId} pick={pick} stale={!live} onRemove={() => dispatch({ type: 'remove', selectionId: pick.selectionId })} />
              ))}
            </ul>

            {rejection && <SlipRejectionNote rejection={rejection} picks={picks} canPlace={canPlaceAtCurrent} placing={placing} onPlaceAgain={() => void place(true)} />}

            <SlipNotes picks={picks} sameEvent={sameEvent} tooMany={tooMany} blocked={blocked} changes={rejection ? [] : changes} live={live} dispatch={dispatch} />

            <div className={styles.slipSummary}>
              {accumulator && (
                <p className={styles.slipRow}>
                  <span>Combined odds</span>
                  <strong data-testid="slip-combined-odds">{combined}</strong>
                </p>
              )}

              <SlipStake ids={ids} stake={stake} stakeInvalid={stakeInvalid} limitError={limitError} limits={limits} payoutMinor={payout} policy={policy} dispatch={dispatch} />
            </div>

            {shownMessage && (
              <p className={styles.slipMessage} role="alert" data-testid="slip-message">
                {shownMessage.text}
                {shownMessage.href && (
                  <>
                    {' '}
                    <Link href={shownMessage.href}>{shownMessage.linkText}</Link>
                  </>
                )}
              </p>
            )}

            {viewer ? (
              <button type="button" className={`button ${styles.slipPlace}`} data-testid="slip-place" disabled={!canPlace} onClick={() => void place()}>
                {placing ? 'Placing…' : !live ? 'Prices updating…' : stakeMinor && stakeMinor > 0n ? `Place bet · ${formatMoney(stakeMinor)}` : 'Place bet'}
              </button>
            ) : (
              <Link href={`/sign-in?next=${encodeURIComponent(pathname)}`} className={`button ${styles.slipPlace}`} data-testid="slip-sign-in">
                Sign in to place a bet
              </Link>
            )}
          </section>
        )}

        <SlipBar count={picks.length} typeLabel={typeLabel} combined={combined} open={open} controls={open ? slipId : undefined} onToggle={() => setOpen(!open)} />
      </div>
    </>
  );
}
