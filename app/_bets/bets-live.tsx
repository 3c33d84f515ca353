'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { LocalTime } from '../_components/local-time';
import { useResyncOnConnect } from '../_live/use-resync';
import { useBetEvents } from './bet-events';
import { betTitle, betTypeLabel } from './bet-labels';
import { BetStatusBadge } from './bet-status-badge';
import { isOpenStatus, type LiveBet } from './types';

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

  useBetEvents(({ bet }) => {
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
            <BetRow key={bet.id} bet={bet} />
          ))}
        </ul>
      )}
    </div>
  );
}

function BetRow({ bet }: { bet: LiveBet }) {
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
        </span>
      </Link>
    </li>
  );
}
