'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useMemo } from 'react';
import type { EventRow_EventFragment, LobbyQuery } from '../_gql/graphql';
import { ConnectionStatus } from '../_live/connection-status';
import { useEventLive } from '../_live/use-event-live';
import { usePrimedQuery } from '../_live/use-primed-query';
import { useResyncOnConnect } from '../_live/use-resync';
import { EventRow } from './event-row';
import { LobbyDocument } from './lobby-query';
import styles from './lobby.module.css';

/** The lobby's list itself (events starting, finishing or added) is read again this often while visible. */
const LIST_REFRESH_MS = 60_000;

/** Sports in the order the lobby lists them; any other sport follows alphabetically. */
const SPORT_ORDER = ['Football', 'Tennis', 'Basketball'];

interface SportGroup {
  sport: string;
  live: EventRow_EventFragment[];
  upcoming: EventRow_EventFragment[];
  /** Listed as live or upcoming when the list was read, and over (or cancelled) since. */
  ended: EventRow_EventFragment[];
}

function sportRank(sport: string): number {
  const index = SPORT_ORDER.indexOf(sport);
  return index === -1 ? SPORT_ORDER.length : index;
}

function groupBySport(data: LobbyQuery): SportGroup[] {
  const groups = new Map<string, SportGroup>();
  // By the status each event has now (the cache's), not the list it was read in: a match that
  // started moves under "In play" and one that finished leaves it at once.
  const add = (node: EventRow_EventFragment & { sport: string }) => {
    const group = groups.get(node.sport) ?? { sport: node.sport, live: [], upcoming: [], ended: [] };
    groups.set(node.sport, group);
    const kind = node.status === 'LIVE' ? 'live' : node.status === 'UPCOMING' ? 'upcoming' : 'ended';
    if (!group[kind].some((e) => e.id === node.id)) group[kind].push(node);
  };
  for (const edge of data.live.edges) add(edge.node);
  for (const edge of data.upcoming.edges) add(edge.node);
  return [...groups.values()].sort((a, b) => sportRank(a.sport) - sportRank(b.sport) || a.sport.localeCompare(b.sport));
}

/**
 * Column headers over a list of rows, matching the main market's prices: 1 X 2 for three ways,
 * Home and Away for two. Hidden from screen readers, whose odds buttons are named with the
 * selection itself.
 */
function ColumnHeads({ rows }: { rows: readonly EventRow_EventFragment[] }) {
  const count = Math.min(rows[0]?.markets[0]?.selections.length ?? 0, 3);
  if (count < 2) return null;
  const labels = count === 3 ? ['1', 'X', '2'] : ['Home', 'Away'];
  return (
    <div className={styles.colHeads} aria-hidden="true" data-testid="column-heads" data-count={count}>
      {labels.map((label) => (
        <span key={label}>{label}</span>
      ))}
    </div>
  );
}

/** One heading and its rows: "In play", "Upcoming" or "Finished" within a sport. */
function RowGroup({ sport, kind, rows }: { sport: string; kind: 'live' | 'upcoming' | 'ended'; rows: readonly EventRow_EventFragment[] }) {
  if (rows.length === 0) return null;
  const title = kind === 'live' ? 'In play' : kind === 'upcoming' ? 'Upcoming' : 'Finished';
  const id = `sport-${sport}-${kind}`;
  return (
    <div className={styles.group} data-testid="row-group" data-kind={kind} role="group" aria-labelledby={id}>
      <div className={styles.groupHead}>
        <h3 id={id} className={styles.groupTitle}>
          {title}
        </h3>
        <ColumnHeads rows={rows} />
      </div>
      <ul className={styles.rows}>
        {rows.map((event) => (
          <EventRow key={event.id} event={event} />
        ))}
      </ul>
    </div>
  );
}

/** Keeps one live row's event in the cache current. */
function LiveRowFeed({ eventId }: { eventId: string }) {
  useEventLive(eventId);
  return null;
}

/**
 * The lobby: live and upcoming events by sport, from the server's first paint, then from the cache,
 * where each live event's subscriptions write its score, clock and prices.
 */
export function LobbyLive({ initial }: { initial: LobbyQuery }) {
  const client = useApolloClient();
  const data = usePrimedQuery(LobbyDocument, {}, initial);
  const sports = useMemo(() => groupBySport(data), [data]);
  const liveIds = data.live.edges.map((edge) => edge.node.id);

  const read = useCallback(() => client.query({ query: LobbyDocument, fetchPolicy: 'network-only' }), [client]);
  const ready = useResyncOnConnect(read, { skipFirstConnection: true });
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void read().catch(() => {});
    }, LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, [read]);

  return (
    <div className="lobby" data-testid="lobby">
      {liveIds.map((id) => (
        <LiveRowFeed key={id} eventId={id} />
      ))}
      <div className="page-title-row">
        <h1 className="page-title">
          Lobby{' '}
          <span className="count-pill" data-testid="lobby-live-count">
            {sports.reduce((n, group) => n + group.live.length, 0)} in play
          </span>
        </h1>
        <ConnectionStatus />
        <span hidden data-testid="lobby-live-ready" data-ready={ready ? 'true' : 'false'} />
      </div>

      {sports.length === 0 && (
        <p className="empty" data-testid="lobby-empty">
          No live or upcoming events right now. Check back soon.
        </p>
      )}

      {sports.map((group) => (
        <section key={group.sport} className={styles.sport} data-testid="sport-section" data-sport={group.sport} aria-labelledby={`sport-${group.sport}`}>
          <h2 id={`sport-${group.sport}`} className={styles.sportTitle}>
            {group.sport}
            {group.live.length > 0 && <span className={styles.sportLive}>{group.live.length} live</span>}
          </h2>
          <RowGroup sport={group.sport} kind="live" rows={group.live} />
          <RowGroup sport={group.sport} kind="upcoming" rows={group.upcoming} />
          <RowGroup sport={group.sport} kind="ended" rows={group.ended} />
        </section>
      ))}
    </div>
  );
}
