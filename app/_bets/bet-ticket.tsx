'use client';

import { useApolloClient, useSubscription } from '@apollo/client/react';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LocalTime } from '../_components/local-time';
import { ConnectionStatus } from '../_live/connection-status';
import { ODDS_CHANGED } from '../_live/operations';
import type { LiveMarket } from '../_live/types';
import { useRestartOnError } from '../_live/use-live-event';
import { useResyncOnConnect } from '../_live/use-resync';
import { compareOdds } from '../_slip/slip-math';
import { useToast, type ToastInput } from '../_toasts/toasts';
import { useBetEvents, useBetsResync, type BetEvent } from './bet-events';
import { betTitle, betTypeLabel } from './bet-labels';
import { BetStatusBadge } from './bet-status-badge';
import { BetTimeline } from './bet-timeline';
import { subtractMoney } from './cashout-math';
import { CashoutPanel, type OwnCashouts } from './cashout-panel';
import { BET, BET_TIMELINE, fromBetNode, type BetTimelineEntry } from './operations';
import { isOpenStatus, type BetUpdateKind, type LiveBet, type LiveBetLeg } from './types';

/** How often the pending countdown redraws. */
const TICK_MS = 250;
/** A pending bet still pending this long after its delay ended is read again, in case an update was missed. */
const OVERDUE_MS = 3000;

/** Applies an `oddsChanged` message to the legs it concerns. */
function applyLegMarkets(bet: LiveBet, markets: readonly LiveMarket[]): LiveBet {
  const byId = new Map(markets.map((m) => [m.id, m]));
  let changed = false;
  const legs = bet.legs.map((leg) => {
    const market = byId.get(leg.marketId);
    const selection = market?.selections.find((s) => s.id === leg.selectionId);
    if (!market || !selection) return leg;
    if (selection.odds === leg.currentOdds && market.status === leg.marketStatus) return leg;
    changed = true;
    return { ...leg, currentOdds: selection.odds, marketStatus: market.status };
  });
  return changed ? { ...bet, legs } : bet;
}

/** Updates that exist because a market of the bet was settled or unsettled. */
const MARKET_KINDS: ReadonlySet<BetUpdateKind> = new Set(['SETTLED', 'RESETTLED', 'LEG_UPDATED']);

/**
 * A bet update in place of the ticket's bet, keeping the current odds and market states the ticket
 * has heard from `oddsChanged`: those follow every move, while an update's copies can be older
 * (and a reconnect reads the whole bet again anyway). A settlement update is itself news about its
 * markets (settled, or suspended again by an unsettle while the ticket was not following the
 * odds), so its market states win.
 */
function withLivePrices(current: LiveBet, next: LiveBet, kind: BetUpdateKind): LiveBet {
  const live = new Map(current.legs.map((leg) => [leg.selectionId, leg]));
  const marketNews = MARKET_KINDS.has(kind);
  const legs = next.legs.map((leg) => {
    const known = live.get(leg.selectionId);
    if (!known) return leg;
    return { ...leg, currentOdds: known.currentOdds, marketStatus: marketNews ? leg.marketStatus : (known.marketStatus ?? leg.marketStatus) };
  });
  return { ...next, legs };
}

/**
 * The toast for a cashout this tab did not make: the amount is what it added to the payout; a full
 * cashout of a bet that had a target was the server's auto cash-out.
 */
function cashoutToast(previous: LiveBet, { kind, bet }: BetEvent): ToastInput {
  const amount = subtractMoney(bet.payout, previous.payout);
  if (kind === 'CASHED_OUT' && previous.autoCashoutTarget !== null) {
    return { kind: 'success', tag: 'auto-cashout', title: `Auto cash-out at ${amount}`, body: `${betTitle(bet)} · target ${previous.autoCashoutTarget}` };
  }
  return { kind: 'success', tag: 'bet-cashed-out', title: `Cashed out ${amount}`, body: betTitle(bet) };
}

/**
 * The bet ticket: rendered by the server, then kept live. Bet updates (accepted, rejected,
 * settled, resettled) arrive through the viewer's `betUpdated` subscription, and each one reads
 * the bet's timeline again; each open leg's current odds arrive through `oddsChanged` of its
 * event; and the bet is read again over HTTP after every (re)connect.
 */
export function BetTicket({ initial, initialTimeline, serverNowMs }: { initial: LiveBet; initialTimeline: BetTimelineEntry[]; serverNowMs: number }) {
  const client = useApolloClient();
  const [base, setBase] = useState(initial);
  const [bet, setBet] = useState(initial);
  const [timeline, setTimeline] = useState(initialTimeline);
  if (base !== initial) {
    setBase(initial);
    setBet(initial);
    setTimeline(initialTimeline);
  }
  const betId = initial.id;

  // Reads are numbered so that an older answer arriving late never replaces a newer one.
  const timelineSeq = useRef(0);
  const reloadTimeline = useCallback(async () => {
    const seq = ++timelineSeq.current;
    try {
      const { data } = await client.query({ query: BET_TIMELINE, variables: { id: betId }, fetchPolicy: 'no-cache' });
      if (data?.bet && seq === timelineSeq.current) setTimeline(data.bet.timeline);
    } catch {
      // The next update or reconnect reads it again.
    }
  }, [client, betId]);

  const toast = useToast();
  // Cashouts this tab has asked for whose bet update has not arrived yet: the panel toasts those
  // itself when the acceptance answers.
  const ownCashoutCount = useRef(0);
  const ownCashouts = useMemo<OwnCashouts>(
    () => ({
      begin: () => void (ownCashoutCount.current += 1),
      cancel: () => void (ownCashoutCount.current = Math.max(0, ownCashoutCount.current - 1)),
    }),
    [],
  );

  useBetEvents((event) => {
    if (event.bet.id !== betId) return;
    setBet((current) => withLivePrices(current, event.bet, event.kind));
    void reloadTimeline();
    if (event.kind !== 'CASHED_OUT' && event.kind !== 'PARTIALLY_CASHED_OUT') return;
    if (ownCashoutCount.current > 0) ownCashoutCount.current -= 1;
    else toast(cashoutToast(bet, event));
    return true;
  });

  const reload = useCallback(async () => {
    const seq = ++timelineSeq.current;
    const { data } = await client.query({ query: BET, variables: { id: betId }, fetchPolicy: 'no-cache' });
    if (!data?.bet) return;
    setBet(fromBetNode(data.bet));
    if (seq === timelineSeq.current) setTimeline(data.bet.timeline);
  }, [client, betId]);
  const ready = useResyncOnConnect(reload);
  // Updates the server could no longer replay (CURSOR_EXPIRED): read the bet again.
  useBetsResync(() => void reload().catch(() => {}));

  const onMarkets = useCallback((markets: readonly LiveMarket[]) => setBet((current) => applyLegMarkets(current, markets)), []);
  const live = isOpenStatus(bet.status);
  const legEvents = live ? [...new Set(bet.legs.map((leg) => leg.eventId))] : [];

  return (
    <article className="ticket" data-testid="bet-ticket" data-bet-id={bet.id} data-status={bet.status} data-live-ready={ready ? 'true' : 'false'}>
      {legEvents.map((eventId) => (
        <LegOddsWatcher key={eventId} eventId={eventId} onMarkets={onMarkets} />
      ))}
      <header className="ticket-head">
        <div className="ticket-heading">
          <div className="ticket-meta">
            <p className="ticket-type" data-testid="bet-type">
              {betTypeLabel(bet)}
            </p>
            {/* Whether updates are flowing (even a settled bet can be resettled). */}
            <ConnectionStatus />
          </div>
          <h1 className="ticket-title">{betTitle(bet)}</h1>
        </div>
        <BetStatusBadge status={bet.status} />
      </header>

      {bet.status === 'PENDING' && <PendingCountdown acceptAt={bet.acceptAt} serverNowMs={serverNowMs} onOverdue={reload} />}
      {bet.status === 'REJECTED' && (
        <p className="ticket-note ticket-note-error" data-testid="bet-rejection" role="status">
          Rejected{bet.rejectionReason ? `: ${bet.rejectionReason}` : '.'} Your stake of {bet.stake} was returned.
        </p>
      )}

      <SettlementNote bet={bet} resettled={timeline.some((entry) => entry.kind === 'RESETTLED')} />

      {bet.status === 'CASHED_OUT' && (
        <p className="ticket-note ticket-note-success" data-testid="cashout-done" role="status">
          <span>
            Cashed out for <strong>{bet.payout}</strong>
          </span>
        </p>
      )}

      <dl className="facts ticket-facts">
        <div>
          <dt>Stake</dt>
          <dd data-testid="bet-stake">{bet.stake}</dd>
        </div>
        <div>
          <dt>{bet.legs.length > 1 ? 'Combined odds' : 'Odds'}</dt>
          <dd data-testid="bet-odds">{bet.odds}</dd>
        </div>
        {bet.status !== 'CASHED_OUT' && (
          <div>
            <dt>Potential payout</dt>
            <dd data-testid="bet-potential-payout">{bet.potentialPayout}</dd>
          </div>
        )}
        <div>
          <dt>Paid out</dt>
          <dd data-testid="bet-payout">{bet.payout}</dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>
            <LocalTime iso={bet.placedAt} />
          </dd>
        </div>
        {bet.settledAt && (
          <div>
            <dt>Settled</dt>
            <dd>
              <LocalTime iso={bet.settledAt} />
            </dd>
          </div>
        )}
      </dl>

      {bet.status === 'OPEN' && <CashoutPanel bet={bet} serverNowMs={serverNowMs} onBet={setBet} ownCashouts={ownCashouts} />}

      <h2 className="ticket-section">{bet.legs.length > 1 ? `Legs (${bet.legs.length})` : 'Selection'}</h2>
      <ol className="legs">
        {bet.legs.map((leg) => (
          <LegRow key={leg.selectionId} leg={leg} live={live} />
        ))}
      </ol>

      <BetTimeline entries={timeline} bet={bet} />
    </article>
  );
}

/**
 * The result of a settled bet in one line, at the top where the eye lands: won and what it paid,
 * lost, or void with the stake back. A bet reopened by a resettlement says so while it waits.
 */
function SettlementNote({ bet, resettled }: { bet: LiveBet; resettled: boolean }) {
  if (bet.status === 'WON') {
    return (
      <p className="ticket-note ticket-note-success" data-testid="bet-result" data-result="WON" role="status">
        <span>
          Won · paid out <strong data-testid="bet-result-payout">{bet.payout}</strong>
        </span>
      </p>
    );
  }
  if (bet.status === 'LOST') {
    return (
      <p className="ticket-note ticket-note-error" data-testid="bet-result" data-result="LOST" role="status">
        <span>
          Lost · stake <strong>{bet.stake}</strong>
        </span>
      </p>
    );
  }
  if (bet.status === 'VOID') {
    return (
      <p className="ticket-note ticket-note-void" data-testid="bet-result" data-result="VOID" role="status">
        <span>
          Void · stake <strong data-testid="bet-result-payout">{bet.payout}</strong> returned
        </span>
      </p>
    );
  }
  if (bet.status === 'OPEN' && resettled) {
    return (
      <p className="ticket-note ticket-note-pending" data-testid="bet-result" data-result="REOPENED" role="status">
        <span>Reopened: the result was corrected and this bet waits to be settled again.</span>
      </p>
    );
  }
  return null;
}

function LegRow({ leg, live }: { leg: LiveBetLeg; live: boolean }) {
  const move = compareOdds(leg.currentOdds, leg.odds);
  const trend = move > 0 ? 'up' : move < 0 ? 'down' : undefined;
  const result = leg.status === 'OPEN' ? null : leg.status;
  return (
    <li className="leg" data-testid="bet-leg" data-selection-id={leg.selectionId} data-status={leg.status}>
      <div className="leg-main">
        <p className="leg-selection">
          {leg.selectionName}
          {result && (
            <span className={`leg-result leg-result-${result.toLowerCase()}`} data-testid="leg-result" data-result={result}>
              {result === 'WON' ? 'Won' : result === 'LOST' ? 'Lost' : 'Void'}
            </span>
          )}
          {live && leg.marketStatus === 'SUSPENDED' && (
            <span className="badge badge-suspended" data-testid="leg-suspended">
              Suspended
            </span>
          )}
        </p>
        <p className="leg-market">{leg.marketName}</p>
        <Link href={`/events/${leg.eventId}`} className="leg-event">
          {leg.eventName}
        </Link>
        {leg.requestedOdds !== leg.odds && <p className="leg-note">Asked at {leg.requestedOdds}, taken at {leg.odds}.</p>}
      </div>
      <dl className="leg-odds">
        <div>
          <dt>Taken</dt>
          <dd data-testid="leg-taken-odds">{leg.odds}</dd>
        </div>
        {/* A settled leg has a result, not a price. */}
        {result === null && (
          <div>
            <dt>Now</dt>
            <dd className="leg-current" data-testid="leg-current-odds" data-trend={trend} aria-label={trend ? `${leg.currentOdds}, ${trend} from ${leg.odds}` : undefined}>
              {trend && (
                <span className="leg-arrow" aria-hidden="true">
                  {trend === 'up' ? '▲' : '▼'}
                </span>
              )}
              {leg.currentOdds}
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}

/** Follows the odds of one event for the legs on it. */
function LegOddsWatcher({ eventId, onMarkets }: { eventId: string; onMarkets: (markets: readonly LiveMarket[]) => void }) {
  const retry = useRestartOnError();
  const odds = useSubscription(ODDS_CHANGED, {
    variables: { eventId },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      retry.onData();
      const payload = data.data?.oddsChanged;
      if (payload) onMarkets(payload.markets);
    },
    onError: retry.onError,
  });
  retry.restartRef.current = odds.restart;
  return null;
}

/**
 * Seconds left of the in-play delay. The first paint uses the server's clock (so the server render
 * and hydration agree); after that the browser's clock, corrected by how far it was from the
 * server's when the page was rendered.
 */
function PendingCountdown({ acceptAt, serverNowMs, onOverdue }: { acceptAt: string | null; serverNowMs: number; onOverdue: () => Promise<void> }) {
  const [nowMs, setNowMs] = useState(serverNowMs);
  const [offsetMs] = useState(() => (typeof window === 'undefined' ? 0 : serverNowMs - Date.now()));
  const acceptAtMs = acceptAt ? Date.parse(acceptAt) : null;

  useEffect(() => {
    const tick = () => setNowMs(Date.now() + offsetMs);
    tick();
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  }, [offsetMs]);

  const overdue = acceptAtMs !== null && nowMs > acceptAtMs + OVERDUE_MS;
  useEffect(() => {
    if (overdue) void onOverdue().catch(() => {});
  }, [overdue, onOverdue]);

  const secondsLeft = acceptAtMs === null ? null : Math.max(0, Math.ceil((acceptAtMs - nowMs) / 1000));
  return (
    <p className="ticket-note ticket-note-pending" data-testid="bet-countdown" data-seconds={secondsLeft ?? undefined} role="status">
      <span className="pending-dot" aria-hidden="true" />
      {secondsLeft === null || secondsLeft === 0 ? (
        'In-play delay: confirming your bet…'
      ) : (
        <>
          In-play delay: confirming in <strong>{secondsLeft}</strong> s
        </>
      )}
    </p>
  );
}
