import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ViewerDocument } from '../../_account/operations';
import { BetTicket } from '../../_bets/bet-ticket';
import { BetPageDocument } from '../../_bets/operations';
import { serverQuery } from '../../_data/server-query';

// Per-user and live: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Bet ticket' };

interface Props {
  params: Promise<{ id: string }>;
}

/** A bet ticket: server-rendered from the page query, then kept live by the BetTicket island. */
export default async function BetPage({ params }: Props) {
  const { id } = await params;
  if (!(await serverQuery(ViewerDocument)).viewer) redirect(`/sign-in?next=${encodeURIComponent(`/bets/${id}`)}`);
  const data = await serverQuery(BetPageDocument, { id });
  // Null for an unknown id or someone else's bet.
  if (!data.bet) notFound();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/bets">My bets</Link>
        <span aria-hidden="true">›</span>
        <span>Ticket</span>
      </nav>
      <BetTicket id={id} initial={data} serverNowMs={Date.now()} />
    </>
  );
}
