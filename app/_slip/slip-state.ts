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

export interface SlipState {
  picks: SlipPick[];
  /** What the bettor typed, e.g. "10" or "12.5". */
  stake: string;
  /** Place with oddsChangePolicy HIGHER: rises do not need accepting. */
  acceptHigher: boolean;
}

export const EMPTY_SLIP: SlipState = { picks: [], stake: '', acceptHigher: false };

export type SlipAction =
  | { type: 'toggle'; pick: Omit<SlipPick, 'unavailable'> }
  | { type: 'remove'; selectionId: string }
  | { type: 'placed' }
  | { type: 'clear' }
  | { type: 'stake'; stake: string }
  | { type: 'acceptHigher'; value: boolean }
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
        return { ...state, picks: state.picks.filter((p) => p.selectionId !== action.pick.selectionId) };
      }
      return { ...state, picks: [...state.picks, { ...action.pick, unavailable: false }] };
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
    const picks = Array.isArray(value.picks)
      ? value.picks
          .filter(isPick)
          .slice(0, MAX_LEGS * 2)
          .map((p) => ({ eventId: p.eventId, eventName: p.eventName, marketId: p.marketId, marketName: p.marketName, selectionId: p.selectionId, selectionName: p.selectionName, odds: p.odds, unavailable: p.unavailable }))
      : [];
    const stake = typeof value.stake === 'string' && value.stake.length <= 16 ? value.stake : '';
    return { picks, stake, acceptHigher: value.acceptHigher === true };
  } catch {
    return EMPTY_SLIP;
  }
}
