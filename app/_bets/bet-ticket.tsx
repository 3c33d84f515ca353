'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useMemo, useRef } from 'react';
import { LocalTime } from '../_components/local-time';
import { graphql } from '../_gql';
import type { BetPageQuery } from '../_gql/graphql';
import { useConnection } from '../_live/connection';
import { ConnectionStatus } from '../_live/connection-status';
import { useEventLive } from '../_live/use-event-live';
import { usePrimedQuery } from '../_live/use-primed-query';
import { useResyncOnConnect } from '../_live/use-resync';
import { useToast } from '../_toasts/toasts';
import { useBetEvents } from './bet-events';
import { betTitle, betTypeLabel, isOpenStatus, paidLine } from './bet-labels';
import { BetStatusBadge } from './bet-status-badge';
import { BetTimeline } from './bet-timeline';
import { subtractMoney } from './cashout-math';
import { CashoutPanel, type OwnCashouts } from './cashout-panel';
import { LegRow } from './leg-row';
import { BetPageDocument } from './operations';
import { PendingCountdown } from './pending-countdown';
import { SettlementNote } from './settlement-note';
import styles from './ticket.module.css';

export const BetTicketBetFragment = graphql(`
  fragment BetTicket_bet on Bet {
    id
    status
    stake
    odds
    potentialPayout
    potentialProfit
    payout
    autoCashoutTarget
    placedAt
    settledAt
    acceptAt
    rejectionReason
    rejectionCode
    legs { ...LegRow_leg }
    timeline { kind at }
  }
`);

/** Follows the odds of one event for the legs on it (into the cache the legs read). */
function LegOdds({ eventId }: { eventId: string }) {
  useEventLive(eventId, { event: false });
  return null;
}

/**
 * The bet ticket: rendered by the server from the page query, then read from the cache. Bet
 * updates (accepted, rejected, settled, cashed out) write `Bet:<id>` with its timeline; each open
 * leg's odds and market status arrive through its event's `oddsChanged`; after every (re)connect
 * the page query is read again. Nothing here merges anything: the cache does.
 */
export function BetTicket({ id, initial, serverNowMs }: { id: string; initial: BetPageQuery; serverNowMs: number }) {
  const client = useApolloClient();
  const toast = useToast();
  const data = usePrimedQuery(BetPageDocument, { id }, initial);
  const read = useCallback(() => client.query({ query: BetPageDocument, variables: { id }, fetchPolicy: 'network-only' }), [client, id]);
  const ready = useResyncOnConnect(read);
  const { state } = useConnection();
  // Values that follow the feed are current only while connected and read since.
  const live = state === 'connected' && ready;

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

  // The bet as this render shows it: an update is handed over before the ticket re-renders, so
  // this still holds the payout before a cashout.
  const shown = useRef(data.bet);
  shown.current = data.bet;
  useBetEvents(({ kind, bet: next }) => {
    const previous = shown.current;
    if (!previous || next.id !== id || (kind !== 'CASHED_OUT' && kind !== 'PARTIALLY_CASHED_OUT')) return;
    if (ownCashoutCount.current > 0) ownCashoutCount.current -= 1;
    else {
      const amount = subtractMoney(next.payout, previous.payout);
      const auto = kind === 'CASHED_OUT' && previous.autoCashoutTarget !== null;
      toast(
        auto
          ? { kind: 'success', tag: 'auto-cashout', title: `Auto cash-out at ${amount}`, body: `${betTitle(next)} · target ${previous.autoCashoutTarget}` }
          : { kind: 'success', tag: 'bet-cashed-out', title: `Cashed out ${amount}`, body: betTitle(next) },
      );
    }
    return true;
  });

  const bet = data.bet;
  if (!bet) return null;
  const open = isOpenStatus(bet.status);
  const legEvents = open ? [...new Set(bet.legs.map((leg) => leg.event.id))] : [];
  const suspended = bet.legs.some((leg) => leg.market.status === 'SUSPENDED');

  return (
    <article className={styles.ticket} data-testid="bet-ticket" data-bet-id={bet.id} data-status={bet.status} data-live-ready={ready ? 'true' : 'false'}>
      {legEvents.map((eventId) => (
        <LegOdds key={eventId} eventId={eventId} />
      ))}
      <header className={styles.ticketHead}>
        <div className={styles.ticketHeading}>
          <div className={styles.ticketMeta}>
            <p className={styles.ticketType} data-testid="bet-type">
              {betTypeLabel(bet)}
            </p>
            {/* Whether updates are flowing (even a settled bet can be resettled). */}
            <ConnectionStatus />
          </div>
          <h1 className={styles.ticketTitle}>{betTitle(bet)}</h1>
        </div>
        <BetStatusBadge status={bet.status} />
      </header>

      {bet.status === 'PENDING' && <PendingCountdown acceptAt={bet.acceptAt} serverNowMs={serverNowMs} onOverdue={read} />}
      {bet.status === 'REJECTED' && (
        <p className={`${styles.ticketNote} ${styles.ticketNoteError}`} data-testid="bet-rejection" role="status">
          Rejected{bet.rejectionReason ? `: ${bet.rejectionReason}` : '.'} Your stake of {bet.stake} was returned.
        </p>
      )}

      <SettlementNote bet={bet} resettled={bet.timeline.some((entry) => entry.kind === 'RESETTLED')} />

      {bet.status === 'CASHED_OUT' && (
        <p className={`${styles.ticketNote} ${styles.ticketNoteSuccess}`} data-testid="cashout-done" role="status">
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
        {bet.status !== 'CASHED_OUT' && bet.status !== 'REJECTED' && (
          <div>
            <dt>Potential payout</dt>
            <dd data-testid="bet-potential-payout">{bet.potentialPayout}</dd>
          </div>
        )}
        {isOpenStatus(bet.status) && (
          <div>
            <dt>Potential profit</dt>
            <dd data-testid="bet-potential-profit">{bet.potentialProfit}</dd>
          </div>
        )}
        {/* An open bet's possible return is the potential payout above; a decided one says what was paid. */}
        <div>
          <dt>{isOpenStatus(bet.status) ? 'Paid out' : paidLine(bet).label}</dt>
          <dd data-testid="bet-payout">{isOpenStatus(bet.status) ? bet.payout : paidLine(bet).amount}</dd>
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

      {bet.status === 'OPEN' && <CashoutPanel bet={bet} suspended={suspended} live={live} serverNowMs={serverNowMs} ownCashouts={ownCashouts} />}

      <h2 className={styles.ticketSection}>{bet.legs.length > 1 ? `Legs (${bet.legs.length})` : 'Selection'}</h2>
      <ol className={styles.legs}>
        {bet.legs.map((leg) => (
          <LegRow key={leg.selection.id} leg={leg} live={open} stale={open && !live} />
        ))}
      </ol>

      <BetTimeline entries={bet.timeline} bet={bet} />
    </article>
  );
}
