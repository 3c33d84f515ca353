'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { formatMoney } from '../../lib/money';
import { useViewer } from '../_account/viewer-context';
import { PLACE_BET, type PlaceBetResult } from '../_bets/operations';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { IdempotentAttempt } from '../_live/idempotency-key';
import { useToast } from '../_toasts/toasts';
import { useSlip } from './slip-context';
import { addToStake, combinedOdds, compareOdds, parseStake, potentialPayout } from './slip-math';
import { MAX_LEGS, type SlipPick, type SlipState } from './slip-state';
import { SlipEventWatcher } from './slip-watchers';

/** Quick stake buttons, in minor units. */
const QUICK_AMOUNTS = [500n, 1000n, 2500n, 5000n];

interface SlipMessage {
  /** What the slip looked like when the message was set; an edit by the bettor clears it. */
  key: string;
  text: string;
  href?: string;
  linkText?: string;
}

/** What the bettor controls: a message about a failed placement stays until one of these changes. */
function editKey(state: SlipState): string {
  return JSON.stringify([state.picks.map((p) => [p.selectionId, p.odds]), state.stake, state.acceptHigher]);
}

/** Why a pick cannot be bet on right now, or null. */
function pickBlocker(pick: SlipPick): string | null {
  if (pick.unavailable) return 'No longer available';
  if (pick.selectionStatus !== 'OPEN') return 'Settled';
  if (pick.marketStatus === 'SUSPENDED') return 'Suspended';
  if (pick.marketStatus !== 'OPEN') return 'Market closed';
  return null;
}

/** A rise that the "accept higher odds" setting takes without asking. */
function autoAccepted(pick: SlipPick, acceptHigher: boolean): boolean {
  return acceptHigher && compareOdds(pick.currentOdds, pick.odds) > 0;
}

/** The bettor-facing text of a placement the server turned down. */
function rejectionMessage(result: Exclude<PlaceBetResult, { __typename: 'BetPlaced' }>): Omit<SlipMessage, 'key'> {
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
 * Prices follow the feed; a change must be accepted (unless it is a rise and "accept higher odds"
 * is on) before the bet can be placed.
 */
export function BetSlip() {
  const { state, dispatch, open, setOpen } = useSlip();
  const { viewer, refresh, signedOut } = useViewer();
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

  const { picks, stake, acceptHigher } = state;
  const watchedEvents = useMemo(() => [...new Set(picks.filter((p) => !p.unavailable).map((p) => p.eventId))], [picks]);

  const eventCounts = new Map<string, number>();
  for (const pick of picks) eventCounts.set(pick.eventId, (eventCounts.get(pick.eventId) ?? 0) + 1);
  const sameEvent = picks.filter((p) => (eventCounts.get(p.eventId) ?? 0) > 1);
  const blocked = picks.filter((p) => pickBlocker(p) !== null);
  const changes = picks.filter((p) => p.currentOdds !== p.odds && !autoAccepted(p, acceptHigher));
  const tooMany = picks.length > MAX_LEGS;

  const stakeMinor = parseStake(stake);
  const stakeInvalid = stakeMinor === null;
  const currentOdds = picks.map((p) => p.currentOdds);
  const combined = combinedOdds(currentOdds);
  const payout = stakeMinor && stakeMinor > 0n ? potentialPayout(stakeMinor, currentOdds) : 0n;
  const accumulator = picks.length > 1;

  const canPlace =
    viewer !== null &&
    !placing &&
    picks.length > 0 &&
    !tooMany &&
    sameEvent.length === 0 &&
    blocked.length === 0 &&
    changes.length === 0 &&
    stakeMinor !== null &&
    stakeMinor > 0n;

  const shownMessage = message && message.key === editKey(state) ? message : null;

  async function place() {
    if (!canPlace || stakeMinor === null) return;
    const input = {
      legs: picks.map((p) => ({ selectionId: p.selectionId, odds: p.odds })),
      stake: formatMoney(stakeMinor),
      oddsChangePolicy: acceptHigher ? ('HIGHER' as const) : ('NONE' as const),
    };
    const idempotencyKey = attempt.current.keyFor(JSON.stringify(input));
    const key = editKey(state);
    setPlacing(true);
    setMessage(null);
    try {
      const { data } = await client.mutate({ mutation: PLACE_BET, variables: { input: { ...input, idempotencyKey } }, fetchPolicy: 'no-cache' });
      attempt.current.settled();
      const result = data?.placeBet;
      if (!result) throw new Error('placeBet answered nothing');
      if (result.__typename === 'BetPlaced') {
        dispatch({ type: 'placed' });
        setOpen(false);
        void refresh();
        toast({ kind: 'success', tag: 'bet-placed', title: 'Bet placed', body: `Stake ${result.bet.stake} at ${result.bet.odds}`, href: `/bets/${result.bet.id}`, linkText: 'View ticket' });
        return;
      }
      if (result.__typename === 'OddsChanged') {
        // The prompt to accept the new odds shows them; no other message is needed.
        dispatch({ type: 'currentOdds', selections: result.current });
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
  const stakeId = `${ids}-stake`;
  const stakeErrorId = `${ids}-stake-error`;
  const allReady = watchedEvents.every((id) => readyEvents.has(id));
  const typeLabel = accumulator ? `Accumulator (${picks.length})` : 'Single';

  return (
    <>
      {/* Keeps the end of the page clear of the docked bar. */}
      <div className="slip-spacer" aria-hidden="true" />
      <div className="slip-dock" data-testid="slip-dock" data-open={open ? 'true' : 'false'} data-live-ready={allReady ? 'true' : 'false'}>
        {watchedEvents.map((eventId) => (
          <SlipEventWatcher key={eventId} eventId={eventId} onReady={onWatcherReady} />
        ))}

        {open && (
          <section id={slipId} className="slip" data-testid="bet-slip" aria-label="Bet slip">
            <header className="slip-head">
              <h2 className="slip-title">
                Bet slip{' '}
                <span className="slip-type" data-testid="slip-type">
                  {typeLabel}
                </span>
              </h2>
              <button type="button" className="slip-text-button" data-testid="slip-clear" onClick={() => dispatch({ type: 'clear' })}>
                Clear
              </button>
            </header>

            <ul className="slip-picks">
              {picks.map((pick) => {
                const blocker = pickBlocker(pick);
                const changed = pick.currentOdds !== pick.odds;
                const trend = changed ? (compareOdds(pick.currentOdds, pick.odds) > 0 ? 'up' : 'down') : undefined;
                return (
                  <li
                    key={pick.selectionId}
                    className="slip-pick"
                    data-testid="slip-pick"
                    data-selection-id={pick.selectionId}
                    data-changed={changed ? 'true' : 'false'}
                    data-blocked={blocker ? 'true' : 'false'}
                  >
                    <div className="slip-pick-main">
                      <p className="slip-pick-name">{pick.selectionName}</p>
                      <p className="slip-pick-meta">
                        {pick.marketName} · {pick.eventName}
                      </p>
                      {blocker && (
                        <p className="slip-pick-blocker" data-testid="slip-pick-blocker">
                          {blocker}
                        </p>
                      )}
                    </div>
                    <p className="slip-pick-odds" data-testid="slip-pick-odds" data-trend={trend}>
                      {changed ? (
                        <>
                          <s className="slip-odds-old" aria-label={`was ${pick.odds}`}>
                            {pick.odds}
                          </s>
                          <span className="slip-odds-new" aria-label={`now ${pick.currentOdds}`}>
                            <span aria-hidden="true">{trend === 'up' ? '▲' : '▼'}</span>
                            {pick.currentOdds}
                          </span>
                        </>
                      ) : (
                        pick.odds
                      )}
                    </p>
                    <button
                      type="button"
                      className="slip-remove"
                      data-testid="slip-remove"
                      aria-label={`Remove ${pick.selectionName}`}
                      onClick={() => dispatch({ type: 'remove', selectionId: pick.selectionId })}
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>

            {sameEvent.length > 0 && (
              <p className="slip-note" data-testid="slip-same-event">
                One leg per event: an accumulator can hold only one selection from {sameEvent[0].eventName}. Remove one to place the bet.
              </p>
            )}
            {tooMany && <p className="slip-note">An accumulator has at most {MAX_LEGS} legs.</p>}
            {blocked.length > 0 && (
              <p className="slip-note" data-testid="slip-blocked">
                {blocked.length === 1 ? `${blocked[0].selectionName} can't be bet on right now` : `${blocked.length} selections can't be bet on right now`}{' '}
                ({pickBlocker(blocked[0])?.toLowerCase()}). Remove {blocked.length === 1 ? 'it' : 'them'} or wait for the market to reopen.
              </p>
            )}
            {changes.length > 0 && (
              <div className="slip-odds-change" role="alert" data-testid="slip-odds-change">
                <p>
                  {changes.length === 1 ? `The odds of ${changes[0].selectionName} changed` : `The odds of ${changes.length} selections changed`}:{' '}
                  {changes.map((p) => `${p.odds} → ${p.currentOdds}`).join(', ')}.
                </p>
                <button type="button" className="button" data-testid="slip-accept-odds" onClick={() => dispatch({ type: 'acceptOdds' })}>
                  Accept new odds
                </button>
              </div>
            )}

            <div className="slip-summary">
              {accumulator && (
                <p className="slip-row">
                  <span>Combined odds</span>
                  <strong data-testid="slip-combined-odds">{combined}</strong>
                </p>
              )}

              <div className="slip-stake">
                <label htmlFor={stakeId}>Stake</label>
                <input
                  id={stakeId}
                  className="input slip-stake-input"
                  data-testid="slip-stake"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="0.00"
                  value={stake}
                  maxLength={13}
                  aria-invalid={stakeInvalid}
                  aria-describedby={stakeInvalid ? stakeErrorId : undefined}
                  onChange={(e) => dispatch({ type: 'stake', stake: e.target.value })}
                />
              </div>
              {stakeInvalid && (
                <p className="field-error" id={stakeErrorId} data-testid="slip-stake-error">
                  Enter an amount such as 10 or 2.50, with at most two decimals.
                </p>
              )}
              <div className="quick-amounts" role="group" aria-label="Add to stake">
                {QUICK_AMOUNTS.map((amount) => (
                  <button
                    key={amount.toString()}
                    type="button"
                    className="quick-amount"
                    data-testid={`slip-quick-${amount / 100n}`}
                    onClick={() => dispatch({ type: 'stake', stake: addToStake(stake, amount) })}
                  >
                    +{(amount / 100n).toString()}
                  </button>
                ))}
              </div>

              <p className="slip-row slip-payout">
                <span>Potential payout</span>
                <strong data-testid="slip-payout">{formatMoney(payout)}</strong>
              </p>

              <label className="check">
                <input
                  type="checkbox"
                  data-testid="slip-accept-higher"
                  checked={acceptHigher}
                  onChange={(e) => dispatch({ type: 'acceptHigher', value: e.target.checked })}
                />
                <span>Accept higher odds automatically</span>
              </label>
            </div>

            {shownMessage && (
              <p className="slip-message" role="alert" data-testid="slip-message">
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
              <button type="button" className="button slip-place" data-testid="slip-place" disabled={!canPlace} onClick={() => void place()}>
                {placing ? 'Placing…' : stakeMinor && stakeMinor > 0n ? `Place bet · ${formatMoney(stakeMinor)}` : 'Place bet'}
              </button>
            ) : (
              <Link href={`/sign-in?next=${encodeURIComponent(pathname)}`} className="button slip-place" data-testid="slip-sign-in">
                Sign in to place a bet
              </Link>
            )}
          </section>
        )}

        <button
          type="button"
          className="slip-bar"
          data-testid="slip-bar"
          aria-expanded={open}
          aria-controls={open ? slipId : undefined}
          onClick={() => setOpen(!open)}
        >
          <span className="slip-count" data-testid="slip-count">
            {picks.length}
          </span>
          <span className="slip-bar-title">Bet slip</span>
          <span className="slip-bar-type">{typeLabel}</span>
          <span className="spacer" />
          <span className="slip-bar-odds" aria-label={`odds ${combined}`}>
            {combined}
          </span>
          <span className="slip-bar-chevron" aria-hidden="true">
            {open ? '▾' : '▴'}
          </span>
        </button>
      </div>
    </>
  );
}
