import type { Metadata } from 'next';
import { ConnectionStatus } from './_live/connection-status';
import { EventRowView } from './_components/event-row-view';
import { LiveEventRow } from './_components/live-event-row';
import { LobbyResync } from './_components/lobby-resync';
import { loadLobby } from './_data/load-lobby';

// Prices and scores change every second, and the database exists only at request time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Lobby' };

/** The lobby: live and upcoming events by sport; live rows follow the feed. */
export default async function LobbyPage() {
  const sports = await loadLobby();
  const liveCount = sports.reduce((n, s) => n + s.live.length, 0);
  return (
    <div className="lobby" data-testid="lobby">
      <div className="page-title-row">
        <h1 className="page-title">
          In play <span className="count-pill">{liveCount}</span>
        </h1>
        <ConnectionStatus />
        <LobbyResync />
      </div>

      {sports.length === 0 && (
        <p className="empty" data-testid="lobby-empty">
          No live or upcoming events right now. Check back soon.
        </p>
      )}

      {sports.map((group) => (
        <section key={group.sport} className="sport" data-testid="sport-section" data-sport={group.sport} aria-labelledby={`sport-${group.sport}`}>
          <h2 id={`sport-${group.sport}`} className="sport-title">
            {group.sport}
            {group.live.length > 0 && <span className="sport-live">{group.live.length} live</span>}
          </h2>
          <ul className="rows">
            {group.live.map((state) => (
              <LiveEventRow key={state.event.id} initial={state} />
            ))}
            {group.upcoming.map((state) => (
              <EventRowView key={state.event.id} event={state.event} market={state.markets[0] ?? null} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
