import { getMarketsByEvent, listEvents } from '../../lib/markets/read-markets';
import { sharedRuntime } from '../../lib/runtime-shared';
import type { LiveEventState } from '../_live/types';
import { toLiveEvent, toLiveMarket } from './to-live';

/** How many events of each kind the lobby shows; the rest wait for paging (not built yet). */
const LIVE_LIMIT = 100;
const UPCOMING_LIMIT = 40;

/** Sports in the order the lobby lists them; any other sport follows alphabetically. */
const SPORT_ORDER = ['Football', 'Tennis', 'Basketball'];

export interface LobbySport {
  sport: string;
  live: LiveEventState[];
  upcoming: LiveEventState[];
}

function sportRank(sport: string): number {
  const index = SPORT_ORDER.indexOf(sport);
  return index === -1 ? SPORT_ORDER.length : index;
}

/** Live and upcoming events grouped by sport, each with its main (first) market. */
export async function loadLobby(): Promise<LobbySport[]> {
  const { db } = sharedRuntime();
  const [live, upcoming] = await Promise.all([
    listEvents(db, { status: 'LIVE', first: LIVE_LIMIT }),
    listEvents(db, { status: 'UPCOMING', first: UPCOMING_LIMIT }),
  ]);
  const events = [...live.items, ...upcoming.items];
  const marketsByEvent = await getMarketsByEvent(db, events.map((e) => e.id));

  const bySport = new Map<string, LobbySport>();
  for (const view of events) {
    const group = bySport.get(view.sport) ?? { sport: view.sport, live: [], upcoming: [] };
    bySport.set(view.sport, group);
    const main = marketsByEvent.get(view.id)?.[0];
    const state: LiveEventState = { event: toLiveEvent(view), markets: main ? [toLiveMarket(main)] : [] };
    (view.status === 'LIVE' ? group.live : group.upcoming).push(state);
  }
  return [...bySport.values()].sort((a, b) => sportRank(a.sport) - sportRank(b.sport) || a.sport.localeCompare(b.sport));
}
