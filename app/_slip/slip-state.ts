import type { LiveMarket, MarketStatus, SelectionStatus } from '../_live/types';

/** Accumulators have at most this many legs (the server's rule too). */
export const MAX_LEGS = 20;

/** Where a pick comes from: the event and market around an odds button. */
export interface PickSource {
  eventId: string;
  eventName: string;
  marketId: string;
  marketName: string;
  marketStatus: MarketStatus;
}

export interface SlipPick extends PickSource {
  selectionId: string;
  selectionName: string;
  /** The odds the bettor has seen and accepted; they are sent with the bet. */
  odds: string;
  /** The selection's odds now; differs from `odds` after a change the bettor has not accepted. */
  currentOdds: string;
  selectionStatus: SelectionStatus;
  /** The selection, its market or its event no longer exists. */
  unavailable: boolean;
}

export interface SlipState {
  picks: SlipPick[];
  /** What the bettor typed, e.g. "10" or "12.5". */
  stake: string;
  /** Place with oddsChangePolicy HIGHER: rises do not need accepting. */
  acceptHigher: boolean;
}

export const EMPTY_SLIP: SlipState = { picks: [], stake: '', acceptHigher: false };

export type SlipAction =
  | { type: 'toggle'; pick: Omit<SlipPick, 'currentOdds' | 'unavailable'> }
  | { type: 'remove'; selectionId: string }
  | { type: 'placed' }
  | { type: 'clear' }
  | { type: 'stake'; stake: string }
  | { type: 'acceptHigher'; value: boolean }
  | { type: 'acceptOdds' }
  | { type: 'markets'; eventId: string; markets: readonly LiveMarket[]; complete: boolean }
  | { type: 'eventGone'; eventId: string }
  | { type: 'currentOdds'; selections: ReadonlyArray<{ id: string; odds: string; status: SelectionStatus }> }
  | { type: 'load'; state: SlipState };

function updatePicks(state: SlipState, update: (pick: SlipPick) => SlipPick): SlipState {
  let changed = false;
  const picks = state.picks.map((pick) => {
    const next = update(pick);
    if (next !== pick) changed = true;
    return next;
  });
  return changed ? { ...state, picks } : state;
}

/** The slip's transitions; pure, so the persisted state and the screen cannot disagree. */
export function slipReducer(state: SlipState, action: SlipAction): SlipState {
  switch (action.type) {
    case 'toggle': {
      if (state.picks.some((p) => p.selectionId === action.pick.selectionId)) {
        return { ...state, picks: state.picks.filter((p) => p.selectionId !== action.pick.selectionId) };
      }
      return { ...state, picks: [...state.picks, { ...action.pick, currentOdds: action.pick.odds, unavailable: false }] };
    }
    case 'remove':
      return { ...state, picks: state.picks.filter((p) => p.selectionId !== action.selectionId) };
    case 'placed':
      return { ...state, picks: [], stake: '' };
    case 'clear':
      return { ...state, picks: [] };
    case 'stake':
      return { ...state, stake: action.stake };
    case 'acceptHigher':
      return { ...state, acceptHigher: action.value };
    case 'acceptOdds':
      return updatePicks(state, (p) => (p.odds === p.currentOdds ? p : { ...p, odds: p.currentOdds }));
    case 'markets': {
      const byId = new Map(action.markets.map((m) => [m.id, m]));
      return updatePicks(state, (pick) => {
        if (pick.eventId !== action.eventId) return pick;
        const market = byId.get(pick.marketId);
        // A change message carries only the markets that changed; a full read carries them all.
        if (!market) return action.complete && !pick.unavailable ? { ...pick, unavailable: true } : pick;
        const selection = market.selections.find((s) => s.id === pick.selectionId);
        if (!selection) return pick.unavailable ? pick : { ...pick, unavailable: true };
        if (
          pick.currentOdds === selection.odds &&
          pick.marketStatus === market.status &&
          pick.selectionStatus === selection.status &&
          !pick.unavailable
        ) {
          return pick;
        }
        return { ...pick, currentOdds: selection.odds, marketStatus: market.status, selectionStatus: selection.status, unavailable: false };
      });
    }
    case 'eventGone':
      return updatePicks(state, (p) => (p.eventId !== action.eventId || p.unavailable ? p : { ...p, unavailable: true }));
    case 'currentOdds': {
      const byId = new Map(action.selections.map((s) => [s.id, s]));
      return updatePicks(state, (pick) => {
        const selection = byId.get(pick.selectionId);
        if (!selection || (selection.odds === pick.currentOdds && selection.status === pick.selectionStatus)) return pick;
        return { ...pick, currentOdds: selection.odds, selectionStatus: selection.status };
      });
    }
    case 'load':
      return action.state;
  }
}

const MARKET_STATUSES = new Set(['OPEN', 'SUSPENDED', 'SETTLED', 'VOID']);
const SELECTION_STATUSES = new Set(['OPEN', 'WON', 'LOST', 'VOID']);
const ODDS = /^\d{1,4}\.\d{2}$/;

function isPick(value: unknown): value is SlipPick {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  const strings = ['eventId', 'eventName', 'marketId', 'marketName', 'selectionId', 'selectionName'];
  return (
    strings.every((key) => typeof p[key] === 'string') &&
    typeof p.odds === 'string' &&
    ODDS.test(p.odds) &&
    typeof p.currentOdds === 'string' &&
    ODDS.test(p.currentOdds) &&
    MARKET_STATUSES.has(p.marketStatus as string) &&
    SELECTION_STATUSES.has(p.selectionStatus as string) &&
    typeof p.unavailable === 'boolean'
  );
}

/**
 * Reads a slip saved by an earlier page (or another tab). Anything malformed, e.g. from an older
 * version of the app, is dropped rather than trusted.
 */
export function parseSavedSlip(text: string | null): SlipState {
  if (!text) return EMPTY_SLIP;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const picks = Array.isArray(value.picks) ? value.picks.filter(isPick).slice(0, MAX_LEGS * 2) : [];
    const stake = typeof value.stake === 'string' && value.stake.length <= 16 ? value.stake : '';
    return { picks, stake, acceptHigher: value.acceptHigher === true };
  } catch {
    return EMPTY_SLIP;
  }
}
