import type { Metadata } from 'next';
import { LobbyLive } from './_components/lobby-live';
import { LobbyDocument } from './_components/lobby-query';
import { serverQuery } from './_data/server-query';

// Prices and scores change every second, and the database exists only at request time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Lobby' };

/** The lobby: live and upcoming events by sport, rendered from the same query the browser keeps live. */
export default async function LobbyPage() {
  return <LobbyLive initial={await serverQuery(LobbyDocument)} />;
}
