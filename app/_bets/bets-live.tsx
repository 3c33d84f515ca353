'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { LocalTime } from '../_components/local-time';
import { useResyncOnConnect } from '../_live/use-resync';
import { useBetEvents, useBetsResync } from './bet-events';
import { betTitle, betTypeLabel } from './bet-labels';
import { BetStatusBadge } from './bet-status-badge';
import { isOpenStatus, type LiveBet } from './types';
import { useCashoutOffers } from './use-cashout-offers';

export type BetsTab = 'open' | 'settled';

/**
 * One tab of the bets list, server-rendered and then kept live: an update moves a bet into or out
 * of the tab (a pending bet that is rejected leaves Open for Settled), and a new bet appears at
 * the top of the first page.
 */
export function BetsLive({ tab, initial, firstPage }: { tab: BetsTab; initial: LiveBet[]; firstPage: boolean }) {
  const router = useRouter();
  const [base, setBase] = useState(initial);
  const [bets, setBets] = useState(initial);
  if (base !== initial) {
    // A server render (router refresh, paging) is newer than what the island had.
    setBase(initial);
    setBets(initial);
  }

  // The live cashout value of each open bet, from the viewer's offers for all of them.
  const [values, setValues] = useState<ReadonlyMap<string, string>>(new Map());
  const offers = useCashoutOffers(
    null,
    (offer) =>
      setValues((current) => {
        if (current.get(offer.bet.id) === offer.amount) return current;
        return new Map(current).set(offer.bet.id, offer.amount);
      }),
    { skip: tab !== 'open' },
  );

  useBetEvents(({ kind, bet }) => {
    const revalue = kind === 'ACCEPTED' || kind === 'PARTIALLY_CASHED_OUT' || kind === 'LEG_UPDATED';
    if (tab === 'open' && (revalue || bet.status !== 'OPEN')) {
      // The value shown is wrong now: the bet closed, its stake changed, or a leg's market was
      // suspended (no value) or reopened. The server sends values for new bets, new stakes and
      // reopened markets only when asked again, and none while a market is suspended.
      setValues((current) => {
        if (!current.has(bet.id)) return current;
        const next = new Map(current);
        next.delete(bet.id);
        return next;
      });
      if (revalue && bet.status === 'OPEN') offers.restart();
    }
    const belongs = isOpenStatus(bet.status) === (tab === 'open');
    setBets((current) => {
      const index = current.findIndex((b) => b.id === bet.id);
      if (!belongs) return index === -1 ? current : current.filter((b) => b.id !== bet.id);
      if (index !== -1) return current.map((b) => (b.id === bet.id ? bet : b));
      // Newest first: a bet we have not seen belongs at the top, which only the first page shows.
      return firstPage ? [bet, ...current] : current;
    });
  });

  // Updates published before the subscription started (or while the socket was down) are not
  // replayed here, so the list is rendered again by the server once connected.
  const sync = useCallback(async () => router.refresh(), [router]);
  const ready = useResyncOnConnect(sync);
  // Updates the server could no longer replay (CURSOR_EXPIRED): render the list again.
  useBetsResync(() => router.refresh());

  return (
    <div data-testid="bets-live" data-live-ready={ready ? 'true' : 'false'}>
      {bets.length === 0 ? (
        <p className="empty" data-testid="bets-empty">
          {tab === 'open' ? (
            <>
              No open bets. <Link href="/">Pick a price in the lobby</Link> to place one.
            </>
          ) : (
            'No settled bets yet.'
          )}
        </p>
      ) : (
        <ul className="bet-rows">
          {bets.map((bet) => (
            <BetRow key={bet.id} bet={bet} cashoutValue={bet.status === 'OPEN' ? (values.get(bet.id) ?? null) : null} />
          ))}
        </ul>
      )}
    </div>
  );
}

function BetRow({ bet, cashoutValue }: { bet: LiveBet; cashoutValue: string | null }) {
  const open = isOpenStatus(bet.status);
  return (
    <li className="bet-row" data-testid="bet-row" data-bet-id={bet.id} data-status={bet.status}>
      <Link href={`/bets/${bet.id}`} className="bet-row-link">
        <span className="bet-row-top">
          <BetStatusBadge status={bet.status} />
          <span className="bet-row-type">{betTypeLabel(bet)}</span>
          <span className="spacer" />
          <LocalTime iso={bet.placedAt} className="bet-row-time" />
        </span>
        <span className="bet-row-title">{betTitle(bet)}</span>
        <span className="bet-row-events">{bet.legs.map((leg) => leg.eventName).join(' · ')}</span>
        <span className="bet-row-figures">
          <span>
            Stake <strong>{bet.stake}</strong>
          </span>
          <span>
            Odds <strong>{bet.odds}</strong>
          </span>
          <span>
            {open ? 'To return' : 'Returned'} <strong>{open ? bet.potentialPayout : bet.payout}</strong>
          </span>
          {cashoutValue && (
            <span className="bet-row-cashout" data-testid="bet-row-cashout" data-amount={cashoutValue}>
              Cash out <strong>{cashoutValue}</strong>
            </span>
          )}
        </span>
      </Link>
    </li>
  );
}
