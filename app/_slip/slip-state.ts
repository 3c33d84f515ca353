/** Accumulators have at most this many legs (the server's rule too). */
export const MAX_LEGS = 20;

/** Where a pick comes from: the event and market around an odds button. */
export interface PickSource {
  eventId: string;
  eventName: string;
  marketId: string;
  marketName: string;
}

/**
 * One pick as the slip keeps it (and saves it): what the bettor chose and the odds they accepted.
 * The selection's odds now and its market's status are not kept here: they are the cache's
 * `Selection:<id>` and `Market:<id>`, read by slip-live.ts.
 */
export interface SlipPick extends PickSource {
  selectionId: string;
  selectionName: string;
  /** The odds the bettor has seen and accepted; they are sent with the bet. */
  odds: string;
  /** The selection, its market or its event no longer exists. */
  unavailable: boolean;
}

/** What the slip does when a price moves before the bet is decided (placeBet's oddsChangePolicy). */
export type OddsPolicy = 'NONE' | 'HIGHER' | 'ANY';

export const ODDS_POLICIES: readonly OddsPolicy[] = ['NONE', 'HIGHER', 'ANY'];

/** A bet the slip placed that waits out its in-play delay: its picks come back if it is rejected. */
export interface PendingPlacement {
  betId: string;
  picks: SlipPick[];
  stake: string;
}

/** A placed bet the server rejected after its delay, explained in the slip with its picks restored. */
export interface SlipRejection {
  betId: string;
  /** Bet.rejectionCode, e.g. ODDS_CHANGED or MARKET_SUSPENDED. */
  code: string | null;
  reason: string | null;
  /** The stake that was returned. */
  stake: string;
}

export interface SlipState {
  picks: SlipPick[];
  /** What the bettor typed, e.g. "10" or "12.5". */
  stake: string;
  /** The bettor's choice, remembered with the slip: which price moves are taken without asking. */
  policy: OddsPolicy;
  pending: PendingPlacement | null;
  rejection: SlipRejection | null;
}

/** Rises are taken without asking unless the bettor chooses otherwise: in play, prices move. */
export const DEFAULT_POLICY: OddsPolicy = 'HIGHER';

export const EMPTY_SLIP: SlipState = { picks: [], stake: '', policy: DEFAULT_POLICY, pending: null, rejection: null };

export type SlipAction =
  | { type: 'toggle'; pick: Omit<SlipPick, 'unavailable'> }
  | { type: 'remove'; selectionId: string }
  /** A bet was placed from the slip; a PENDING one is remembered until it is decided. */
  | { type: 'placed'; betId: string; pending: boolean }
  /** A remembered bet was decided: accepted (forgotten) or rejected (its picks come back, explained). */
  | { type: 'decided'; betId: string; rejected: { code: string | null; reason: string | null; stake: string } | null }
  | { type: 'clear' }
  | { type: 'stake'; stake: string }
  | { type: 'policy'; value: OddsPolicy }
  /** The bettor accepts the odds now shown: `current` maps selection ids to them. */
  | { type: 'acceptOdds'; current: ReadonlyMap<string, string> }
  /** A full read of an event: which of its selections still exist (none when the event is gone). */
  | { type: 'eventRead'; eventId: string; selectionIds: ReadonlySet<string> }
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
        return { ...state, rejection: null, picks: state.picks.filter((p) => p.selectionId !== action.pick.selectionId) };
      }
      return { ...state, rejection: null, picks: [...state.picks, { ...action.pick, unavailable: false }] };
    }
    case 'remove':
      return { ...state, rejection: null, picks: state.picks.filter((p) => p.selectionId !== action.selectionId) };
    case 'placed':
      return {
        ...state,
        picks: [],
        stake: '',
        rejection: null,
        pending: action.pending ? { betId: action.betId, picks: state.picks, stake: state.stake } : null,
      };
    case 'decided': {
      const pending = state.pending;
      if (!pending || pending.betId !== action.betId) return state;
      if (!action.rejected) return { ...state, pending: null };
      // The rejected bet's picks replace whatever is in the slip now, at the odds it was placed
      // at, so the slip shows each moved price as old → new.
      return { ...state, pending: null, picks: pending.picks, stake: pending.stake, rejection: { betId: action.betId, ...action.rejected } };
    }
    case 'clear':
      return { ...state, picks: [], rejection: null };
    case 'stake':
      return { ...state, stake: action.stake, rejection: null };
    case 'policy':
      return { ...state, policy: action.value };
    case 'acceptOdds':
      return updatePicks(state, (p) => {
        const odds = action.current.get(p.selectionId);
        return odds === undefined || odds === p.odds ? p : { ...p, odds };
      });
    case 'eventRead':
      return updatePicks(state, (pick) => {
        if (pick.eventId !== action.eventId) return pick;
        const unavailable = !action.selectionIds.has(pick.selectionId);
        return unavailable === pick.unavailable ? pick : { ...pick, unavailable };
      });
    case 'load':
      return action.state;
  }
}

const ODDS = /^\d{1,4}\.\d{2}$/;

const BET_ID = /^[0-9a-f-]{36}$/i;

function parsePolicy(value: Record<string, unknown>): OddsPolicy {
  if (ODDS_POLICIES.includes(value.policy as OddsPolicy)) return value.policy as OddsPolicy;
  // Slips saved before the three policies kept a yes/no for "accept higher odds".
  if (value.acceptHigher === false) return 'NONE';
  return DEFAULT_POLICY;
}

function cleanPicks(value: unknown): SlipPick[] {
  return Array.isArray(value)
    ? value
        .filter(isPick)
        .slice(0, MAX_LEGS * 2)
        .map((p) => ({ eventId: p.eventId, eventName: p.eventName, marketId: p.marketId, marketName: p.marketName, selectionId: p.selectionId, selectionName: p.selectionName, odds: p.odds, unavailable: p.unavailable }))
    : [];
}

function parsePending(value: unknown): PendingPlacement | null {
  if (!value || typeof value !== 'object') return null;
  const p = value as Record<string, unknown>;
  if (typeof p.betId !== 'string' || !BET_ID.test(p.betId) || typeof p.stake !== 'string' || p.stake.length > 16) return null;
  return { betId: p.betId, picks: cleanPicks(p.picks), stake: p.stake };
}

function parseRejection(value: unknown): SlipRejection | null {
  if (!value || typeof value !== 'object') return null;
  const r = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 300 ? v : null);
  if (typeof r.betId !== 'string' || !BET_ID.test(r.betId) || typeof r.stake !== 'string' || !MONEY.test(r.stake)) return null;
  return { betId: r.betId, code: text(r.code), reason: text(r.reason), stake: r.stake };
}

const MONEY = /^\d{1,12}\.\d{2}$/;

function isPick(value: unknown): value is SlipPick {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  const strings = ['eventId', 'eventName', 'marketId', 'marketName', 'selectionId', 'selectionName'];
  return (
    strings.every((key) => typeof p[key] === 'string') &&
    typeof p.odds === 'string' &&
    ODDS.test(p.odds) &&
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
    const picks = cleanPicks(value.picks);
    const stake = typeof value.stake === 'string' && value.stake.length <= 16 ? value.stake : '';
    return { picks, stake, policy: parsePolicy(value), pending: parsePending(value.pending), rejection: parseRejection(value.rejection) };
  } catch {
    return EMPTY_SLIP;
  }
}
