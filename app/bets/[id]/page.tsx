import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getBet, getBetTimeline } from '../../../lib/bets/read-bets';
import { sharedRuntime } from '../../../lib/runtime-shared';
import { BetTicket } from '../../_bets/bet-ticket';
import type { BetUpdateKind } from '../../_bets/types';
import { loadSessionViewer } from '../../_data/load-viewer';
import { toLiveBet } from '../../_data/to-live-bet';

// Per-user and live: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Bet ticket' };

interface Props {
  params: Promise<{ id: string }>;
}

/** The viewer's own bet; null (a 404) for an unknown id or someone else's bet. */
const loadBet = cache(async (userId: string, betId: string) => getBet(sharedRuntime().db, userId, betId));

/** A bet ticket: server-rendered, then kept live by the BetTicket island. */
export default async function BetPage({ params }: Props) {
  const { id } = await params;
  const viewer = await loadSessionViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(`/bets/${id}`)}`);
  const bet = await loadBet(viewer.id, id);
  if (!bet) notFound();
  const timeline = await getBetTimeline(sharedRuntime().db, bet.id);
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/bets">My bets</Link>
        <span aria-hidden="true">›</span>
        <span>Ticket</span>
      </nav>
      <BetTicket
        initial={toLiveBet(bet)}
        initialTimeline={timeline.map((entry) => ({ kind: entry.kind as BetUpdateKind, at: entry.at.toISOString() }))}
        serverNowMs={Date.now()}
      />
    </>
  );
}
