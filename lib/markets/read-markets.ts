import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { events, markets, oddsHistory, selections, sports } from '../../db/schema';
import { isId } from '../ids';
import type { EventStatus, EventView, MarketView, SelectionView } from './views';

type Reader = Db | Tx;

const eventColumns = {
  id: events.id,
  sportId: events.sportId,
  sport: sports.name,
  name: events.name,
  home: events.home,
  away: events.away,
  startsAt: events.startsAt,
  status: events.status,
  scoreHome: events.scoreHome,
  scoreAway: events.scoreAway,
  clock: events.clock,
};

type EventRow = { [K in keyof typeof eventColumns]: unknown } & { startsAt: Date };

function toEventView(row: EventRow): EventView {
  return { ...(row as unknown as EventView), startsAt: row.startsAt.toISOString() };
}

/** Loads events by id, in no particular order; unknown ids are left out. */
export async function getEvents(db: Reader, ids: readonly string[]): Promise<EventView[]> {
  const valid = ids.filter(isId);
  if (valid.length === 0) return [];
  const rows = await db
    .select(eventColumns)
    .from(events)
    .innerJoin(sports, eq(sports.id, events.sportId))
    .where(inArray(events.id, valid));
  return rows.map(toEventView);
}

/** One event, or null for an unknown or malformed id. */
export async function getEvent(db: Reader, id: string): Promise<EventView | null> {
  const [event] = await getEvents(db, [id]);
  return event ?? null;
}

export interface EventPage {
  items: EventView[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Thrown for a cursor that this server did not issue. */
export class InvalidCursorError extends Error {}

export function encodeEventCursor(event: Pick<EventView, 'startsAt' | 'id'>): string {
  return Buffer.from(`${Date.parse(event.startsAt)}:${event.id}`).toString('base64url');
}

function decodeEventCursor(cursor: string): { startsAt: Date; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,15}):(.+)$/.exec(text);
  if (!match || !isId(match[2])) throw new InvalidCursorError(`"${cursor.slice(0, 40)}" is not a cursor from this list.`);
  return { startsAt: new Date(Number(match[1])), id: match[2] };
}

/**
 * Pages through events in start order (then id), optionally by status and sport. The sport
 * matches its id or its name, ignoring case.
 */
export async function listEvents(
  db: Reader,
  options: { status?: EventStatus | null; sport?: string | null; first: number; after?: string | null },
): Promise<EventPage> {
  const filters: SQL[] = [];
  if (options.status) filters.push(eq(events.status, options.status));
  if (options.sport) {
    const sport = options.sport.trim().toLowerCase();
    filters.push(or(eq(sports.id, sport), eq(sql`lower(${sports.name})`, sport)) as SQL);
  }
  // An empty string is no cursor either: only null means the first page.
  if (options.after != null) {
    const cursor = decodeEventCursor(options.after);
    filters.push(
      or(gt(events.startsAt, cursor.startsAt), and(eq(events.startsAt, cursor.startsAt), gt(events.id, cursor.id))) as SQL,
    );
  }
  const rows = await db
    .select(eventColumns)
    .from(events)
    .innerJoin(sports, eq(sports.id, events.sportId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(options.first + 1);
  const items = rows.slice(0, options.first).map(toEventView);
  const last = items.at(-1);
  return { items, hasNextPage: rows.length > options.first, endCursor: last ? encodeEventCursor(last) : null };
}

/** The columns of a SelectionView, for every read that carries selections. */
export const selectionColumns = {
  id: selections.id,
  marketId: selections.marketId,
  name: selections.name,
  odds: selections.odds,
  previousOdds: selections.previousOdds,
  status: selections.status,
};

async function attachSelections(
  db: Reader,
  rows: Array<Omit<MarketView, 'selections'>>,
): Promise<MarketView[]> {
  if (rows.length === 0) return [];
  const selectionRows: SelectionView[] = await db
    .select(selectionColumns)
    .from(selections)
    .where(inArray(selections.marketId, rows.map((m) => m.id)))
    .orderBy(asc(selections.sortOrder), asc(selections.id));
  const byMarket = new Map<string, SelectionView[]>();
  for (const s of selectionRows) {
    const list = byMarket.get(s.marketId) ?? [];
    list.push(s);
    byMarket.set(s.marketId, list);
  }
  return rows.map((m) => ({ ...m, selections: byMarket.get(m.id) ?? [] }));
}

const marketColumns = {
  id: markets.id,
  eventId: markets.eventId,
  name: markets.name,
  kind: markets.kind,
  status: markets.status,
};

/** Markets (with their selections) of the given events, in display order, grouped by event. */
export async function getMarketsByEvent(db: Reader, eventIds: readonly string[]): Promise<Map<string, MarketView[]>> {
  const valid = eventIds.filter(isId);
  const result = new Map<string, MarketView[]>(valid.map((id) => [id, []]));
  if (valid.length === 0) return result;
  const rows = await db
    .select(marketColumns)
    .from(markets)
    .where(inArray(markets.eventId, valid))
    .orderBy(asc(markets.eventId), asc(markets.sortOrder), asc(markets.id));
  for (const market of await attachSelections(db, rows)) result.get(market.eventId)?.push(market);
  return result;
}

/** Markets (with their selections) by id; unknown ids are left out. */
export async function getMarkets(db: Reader, ids: readonly string[]): Promise<MarketView[]> {
  const valid = ids.filter(isId);
  if (valid.length === 0) return [];
  const rows = await db
    .select(marketColumns)
    .from(markets)
    .where(inArray(markets.id, valid))
    .orderBy(asc(markets.sortOrder), asc(markets.id));
  return attachSelections(db, rows);
}

/** Selections by id; unknown ids are left out. */
export async function getSelections(db: Reader, ids: readonly string[]): Promise<SelectionView[]> {
  const valid = ids.filter(isId);
  if (valid.length === 0) return [];
  return db.select(selectionColumns).from(selections).where(inArray(selections.id, valid));
}

/** The last `last` odds of each selection, oldest first (for charts). */
export async function getOddsHistory(db: Reader, selectionIds: readonly string[], last: number): Promise<Map<string, Array<{ odds: number; at: Date }>>> {
  const valid = selectionIds.filter(isId);
  const result = new Map<string, Array<{ odds: number; at: Date }>>(valid.map((id) => [id, []]));
  if (valid.length === 0) return result;
  // One indexed query: the newest `last` rows per selection, by rank.
  const rows = await db.execute(sql`
    select selection_id, odds, recorded_at from (
      select selection_id, odds, recorded_at, row_number() over (partition by selection_id order by recorded_at desc, id desc) as n
      from ${oddsHistory} where selection_id in (${sql.join(valid.map((id) => sql`${id}::uuid`), sql`, `)})
    ) ranked where n <= ${last} order by recorded_at asc, selection_id`);
  for (const row of rowsOf<{ selection_id: string; odds: number; recorded_at: string | Date }>(rows)) {
    result.get(row.selection_id)?.push({ odds: Number(row.odds), at: new Date(row.recorded_at) });
  }
  return result;
}
