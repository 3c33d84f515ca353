import { and, asc, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { betEvents, betLegs, bets, events, markets, selections } from '../../db/schema';
import type { SelectionStatus, SelectionView } from '../markets/views';
import { selectionColumns } from '../markets/read-markets';
import type { OddsChangePolicy } from './price-bet';
import { isId } from '../ids';

export type BetStatus = 'PENDING' | 'OPEN' | 'WON' | 'LOST' | 'VOID' | 'CASHED_OUT' | 'REJECTED';
export const OPEN_STATUSES: BetStatus[] = ['PENDING', 'OPEN'];
export const SETTLED_STATUSES: BetStatus[] = ['WON', 'LOST', 'VOID', 'CASHED_OUT', 'REJECTED'];

export interface BetLegView {
  selection: SelectionView;
  eventId: string;
  eventName: string;
  marketId: string;
  marketName: string;
  /** The odds the leg stands at (taken odds). */
  oddsHundredths: number;
  requestedOddsHundredths: number;
  status: SelectionStatus;
}

export interface BetView {
  id: string;
  userId: string;
  status: BetStatus;
  stakeMinor: bigint;
  oddsHundredths: number;
  potentialPayoutMinor: bigint;
  payoutMinor: bigint;
  oddsChangePolicy: OddsChangePolicy;
  placedAt: Date;
  acceptAt: Date | null;
  settledAt: Date | null;
  rejectionCode: string | null;
  rejectionReason: string | null;
  autoCashoutTargetMinor: bigint | null;
  legs: BetLegView[];
}

/** The bet columns a BetView is made of (legs are read separately). */
export const betColumns = {
  id: bets.id,
  userId: bets.userId,
  status: bets.status,
  stakeMinor: bets.stakeMinor,
  oddsHundredths: bets.oddsHundredths,
  potentialPayoutMinor: bets.potentialPayoutMinor,
  payoutMinor: bets.payoutMinor,
  oddsChangePolicy: bets.oddsChangePolicy,
  placedAt: bets.placedAt,
  acceptAt: bets.acceptAt,
  settledAt: bets.settledAt,
  rejectionCode: bets.rejectionCode,
  rejectionReason: bets.rejectionReason,
  autoCashoutTargetMinor: bets.autoCashoutTargetMinor,
};

/** A leg as the API shows it, from what a leg read joined with its selection, market and event. */
export function betLegView(leg: {
  selectionId: string;
  marketId: string;
  eventId: string;
  selectionName: string;
  currentOdds: number;
  previousOdds: number | null;
  selectionStatus: SelectionStatus;
  eventName: string;
  marketName: string;
  placedOdds: number;
  requestedOdds: number;
  status: SelectionStatus;
}): BetLegView {
  return {
    selection: { id: leg.selectionId, marketId: leg.marketId, name: leg.selectionName, odds: leg.currentOdds, previousOdds: leg.previousOdds, status: leg.selectionStatus },
    eventId: leg.eventId,
    eventName: leg.eventName,
    marketId: leg.marketId,
    marketName: leg.marketName,
    oddsHundredths: leg.placedOdds,
    requestedOddsHundredths: leg.requestedOdds,
    status: leg.status,
  };
}

type BetRow = Omit<BetView, 'legs' | 'oddsHundredths'> & { oddsHundredths: bigint };

async function withLegs(db: Db | Tx, rows: BetRow[]): Promise<BetView[]> {
  if (rows.length === 0) return [];
  const legRows = await db
    .select({
      betId: betLegs.betId,
      oddsHundredths: betLegs.odds,
      requestedOddsHundredths: betLegs.requestedOdds,
      status: betLegs.status,
      eventId: betLegs.eventId,
      eventName: events.name,
      marketId: betLegs.marketId,
      marketName: markets.name,
      selection: selectionColumns,
    })
    .from(betLegs)
    .innerJoin(selections, eq(selections.id, betLegs.selectionId))
    .innerJoin(markets, eq(markets.id, betLegs.marketId))
    .innerJoin(events, eq(events.id, betLegs.eventId))
    .where(inArray(betLegs.betId, rows.map((r) => r.id)))
    .orderBy(asc(betLegs.betId), asc(betLegs.legIndex));
  const byBet = new Map<string, BetLegView[]>();
  for (const { betId, ...leg } of legRows) {
    const list = byBet.get(betId) ?? [];
    list.push(leg);
    byBet.set(betId, list);
  }
  // Combined odds fit a number: they are capped at 10000.00 when the bet is placed.
  return rows.map((row) => ({ ...row, oddsHundredths: Number(row.oddsHundredths), legs: byBet.get(row.id) ?? [] }));
}

/** The user's own bet, or null for an unknown id or someone else's bet. */
export async function getBet(db: Db | Tx, userId: string, betId: string): Promise<BetView | null> {
  if (!isId(betId)) return null;
  const rows = await db.select(betColumns).from(bets).where(and(eq(bets.id, betId), eq(bets.userId, userId)));
  const [bet] = await withLegs(db, rows);
  return bet ?? null;
}

/** Bets by id for their owners only; ids of other users' bets are left out. */
export async function getBets(db: Db | Tx, userId: string, ids: readonly string[]): Promise<BetView[]> {
  const valid = ids.filter(isId);
  if (valid.length === 0) return [];
  return withLegs(db, await db.select(betColumns).from(bets).where(and(eq(bets.userId, userId), inArray(bets.id, valid))));
}

export class InvalidBetCursorError extends Error {}

function encodeCursor(bet: Pick<BetView, 'placedAt' | 'id'>): string {
  return Buffer.from(`${bet.placedAt.getTime()}:${bet.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { placedAt: Date; id: string } {
  const match = /^(\d{1,15}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !isId(match[2])) throw new InvalidBetCursorError(`"${cursor.slice(0, 40)}" is not a cursor from this list.`);
  return { placedAt: new Date(Number(match[1])), id: match[2] };
}

export interface BetPage {
  edges: Array<{ cursor: string; node: BetView }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The user's bets, newest first, optionally only some statuses. */
export async function listBets(
  db: Db | Tx,
  userId: string,
  options: { statuses?: readonly BetStatus[] | null; first: number; after?: string | null },
): Promise<BetPage> {
  const filters: SQL[] = [eq(bets.userId, userId)];
  if (options.statuses && options.statuses.length > 0) filters.push(inArray(bets.status, [...options.statuses]));
  // An empty string is no cursor either: only null means the first page.
  if (options.after != null) {
    const cursor = decodeCursor(options.after);
    filters.push(or(lt(bets.placedAt, cursor.placedAt), and(eq(bets.placedAt, cursor.placedAt), lt(bets.id, cursor.id))) as SQL);
  }
  const rows = await db
    .select(betColumns)
    .from(bets)
    .where(and(...filters))
    .orderBy(desc(bets.placedAt), desc(bets.id))
    .limit(options.first + 1);
  const page = await withLegs(db, rows.slice(0, options.first));
  const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
  return { edges, hasNextPage: rows.length > options.first, endCursor: edges.at(-1)?.cursor ?? null };
}

/** A bet's updates in order, with their times: the ticket's timeline. */
export async function getBetTimeline(db: Db | Tx, betId: string): Promise<Array<{ kind: string; at: Date }>> {
  return db.select({ kind: betEvents.kind, at: betEvents.at }).from(betEvents).where(eq(betEvents.betId, betId)).orderBy(asc(betEvents.id));
}
