import { eq, or, sql } from 'drizzle-orm';
import { events, markets, oddsHistory, selections, sports } from '../../db/schema';
import { isValidOdds } from '../money';
import { ok, reject, type Result } from '../result';
import type { MarketDeps } from './deps';
import { getEvent } from './read-markets';
import type { EventView } from './views';

export interface NewEvent {
  sport: string;
  home: string;
  away: string;
  startsAt: Date;
  live?: boolean | null;
  markets: Array<{ name: string; kind?: string; selections: Array<{ name: string; odds: number }> }>;
  source?: 'FEED' | 'TRADER';
  clock?: string | null;
  feedState?: unknown;
}

export const EVENT_LIMITS = { nameLength: 80, markets: 50, selections: 50 } as const;

function checkName(label: string, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return `${label} must not be empty.`;
  if (trimmed.length > EVENT_LIMITS.nameLength) return `${label} must be at most ${EVENT_LIMITS.nameLength} characters.`;
  return null;
}

/** Validates a new event; returns the first problem as a sentence, or null. */
export function validateNewEvent(input: NewEvent): string | null {
  const problem = checkName('Home', input.home) ?? checkName('Away', input.away);
  if (problem) return problem;
  if (input.home.trim().toLowerCase() === input.away.trim().toLowerCase()) return 'Home and away must differ.';
  if (Number.isNaN(input.startsAt.getTime())) return 'startsAt must be a valid date.';
  if (input.markets.length < 1 || input.markets.length > EVENT_LIMITS.markets) return `An event needs 1 to ${EVENT_LIMITS.markets} markets.`;
  for (const market of input.markets) {
    const marketProblem = checkName('A market name', market.name);
    if (marketProblem) return marketProblem;
    if (market.selections.length < 2 || market.selections.length > EVENT_LIMITS.selections) {
      return `Market "${market.name}" needs 2 to ${EVENT_LIMITS.selections} selections.`;
    }
    const names = new Set<string>();
    for (const selection of market.selections) {
      const selectionProblem = checkName('A selection name', selection.name);
      if (selectionProblem) return selectionProblem;
      if (!isValidOdds(selection.odds)) return 'Odds must be between 1.01 and 1000.00.';
      const key = selection.name.trim().toLowerCase();
      if (names.has(key)) return `Market "${market.name}" has the selection "${selection.name}" twice.`;
      names.add(key);
    }
  }
  return null;
}

/** Creates an event with its markets and selections in one transaction. */
export async function createEvent(deps: MarketDeps, input: NewEvent): Promise<Result<EventView, 'INVALID_INPUT'>> {
  const problem = validateNewEvent(input);
  if (problem) return reject('INVALID_INPUT', problem);
  const sportKey = input.sport.trim().toLowerCase();
  const [sport] = await deps.db
    .select({ id: sports.id })
    .from(sports)
    .where(or(eq(sports.id, sportKey), eq(sql`lower(${sports.name})`, sportKey)));
  if (!sport) return reject('INVALID_INPUT', `Unknown sport "${input.sport.slice(0, 40)}".`);

  const eventId = await deps.db.transaction(async (tx) => {
    const home = input.home.trim();
    const away = input.away.trim();
    const [event] = await tx
      .insert(events)
      .values({
        sportId: sport.id,
        name: `${home} v ${away}`,
        home,
        away,
        startsAt: input.startsAt,
        status: input.live ? 'LIVE' : 'UPCOMING',
        scoreHome: input.live ? 0 : null,
        scoreAway: input.live ? 0 : null,
        clock: input.live ? (input.clock ?? null) : null,
        source: input.source ?? 'TRADER',
        feedState: input.feedState ?? null,
      })
      .returning({ id: events.id });
    for (const [marketIndex, market] of input.markets.entries()) {
      const [row] = await tx
        .insert(markets)
        .values({ eventId: event.id, name: market.name.trim(), kind: market.kind ?? 'custom', sortOrder: marketIndex })
        .returning({ id: markets.id });
      const inserted = await tx
        .insert(selections)
        .values(market.selections.map((s, i) => ({ marketId: row.id, name: s.name.trim(), odds: s.odds, sortOrder: i })))
        .returning({ id: selections.id, odds: selections.odds });
      await tx.insert(oddsHistory).values(inserted.map((s) => ({ selectionId: s.id, odds: s.odds })));
    }
    return event.id;
  });
  const event = await getEvent(deps.db, eventId);
  if (!event) throw new Error(`event ${eventId} vanished after creation`);
  return ok(event);
}
