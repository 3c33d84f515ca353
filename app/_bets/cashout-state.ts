import type { CashoutOfferFieldsFragment } from '../_gql/graphql';
import { compareMoney, OFFER_TTL_MS } from './cashout-math';

/** An offer on screen: the server's fields plus when it ends on this browser's clock. */
export interface ShownOffer {
  id: string;
  amount: string;
  percent: number;
  /** The offer's place among the bet's offers (later offers carry newer prices). */
  version: number;
  /** On the server's clock. */
  expiresAt: string;
  expiresAtLocalMs: number;
}

/** Which way the last change moved a figure, for the small cue beside it. */
export type Direction = 'up' | 'down' | null;

/** The panel's one notification area (nothing else in the panel or the ticket speaks for it). */
export interface CashoutNotice {
  kind: 'info' | 'success' | 'error';
  text: string;
}

/** The cash-out panel's whole state, changed only by `cashoutReducer`. */
export interface CashoutState {
  /** The latest live value (100% of the current stake), or null until one arrives. */
  value: string | null;
  /** Which way the value last moved. */
  valueDirection: Direction;
  /** Which way the offer on screen last moved (a live re-value of a whole-bet offer). */
  offerDirection: Direction;
  /** The highest offer version seen for this bet: anything at or below it is older and dropped. */
  version: number;
  /** Why the server refused the last request, until a live value says cash out is available again. */
  refusal: string | null;
  /** No live value came for a while: the panel says so instead of waiting silently. */
  waitedOut: boolean;
  /** The share of the stake the slider is on. */
  percent: number;
  offer: ShownOffer | null;
  busy: 'request' | 'accept' | null;
  /** This browser's clock at the last redraw of the countdown. */
  nowMs: number;
  /** Server clock minus this browser's clock, refined by each offer's answer. */
  offsetMs: number;
  notice: CashoutNotice | null;
}

export type CashoutAction =
  | { type: 'liveOffer'; offer: CashoutOfferFieldsFragment; nowMs: number }
  | { type: 'waitedOut' }
  | { type: 'percent'; percent: number }
  | { type: 'busy'; busy: CashoutState['busy'] }
  | { type: 'offered'; offer: CashoutOfferFieldsFragment; sentAtMs: number; nowMs: number; notice?: CashoutNotice }
  | { type: 'dropOffer'; notice?: CashoutNotice }
  | { type: 'refused'; message: string; notice?: CashoutNotice }
  | { type: 'notice'; notice: CashoutNotice | null }
  | { type: 'tick'; nowMs: number }
  | { type: 'cashedOut'; stillOpen: boolean; notice: CashoutNotice };

export function initialCashoutState(offsetMs: number): CashoutState {
  return {
    value: null,
    valueDirection: null,
    offerDirection: null,
    version: 0,
    refusal: null,
    waitedOut: false,
    percent: 100,
    offer: null,
    busy: null,
    nowMs: 0,
    offsetMs,
    notice: null,
  };
}

/** An offer from the server on this browser's clock, never ending later than the server says. */
function shown(offer: CashoutOfferFieldsFragment, offsetMs: number, nowMs: number): ShownOffer {
  const expiresAtServerMs = Date.parse(offer.expiresAt);
  const expiresAtLocalMs = Math.min(expiresAtServerMs - offsetMs, nowMs + OFFER_TTL_MS);
  return { id: offer.id, amount: offer.amount, percent: offer.percent, version: offer.version, expiresAt: offer.expiresAt, expiresAtLocalMs };
}

function direction(previous: string | null, next: string, kept: Direction): Direction {
  if (previous === null) return null;
  const moved = compareMoney(next, previous);
  return moved === 0 ? kept : moved > 0 ? 'up' : 'down';
}

/** The panel's transitions; pure, so every socket message and click reads the same state. */
export function cashoutReducer(state: CashoutState, action: CashoutAction): CashoutState {
  switch (action.type) {
    case 'liveOffer': {
      // A live offer older than one already seen (pushed or answered) carries an older price.
      if (action.offer.version <= state.version) return state;
      const next: CashoutState = {
        ...state,
        version: action.offer.version,
        value: action.offer.amount,
        valueDirection: direction(state.value, action.offer.amount, state.valueDirection),
        refusal: null,
        waitedOut: false,
      };
      const current = state.offer;
      // A whole-bet offer on screen takes the new amount in place; its countdown is the server's
      // (a live offer ends when the requested one it follows ends). A part offer holds still.
      if (!current || state.busy === 'accept' || current.percent !== 100) return next;
      return {
        ...next,
        offer: shown(action.offer, state.offsetMs, action.nowMs),
        offerDirection: direction(current.amount, action.offer.amount, state.offerDirection),
        nowMs: action.nowMs,
      };
    }
    case 'waitedOut':
      return state.value === null ? { ...state, waitedOut: true } : state;
    case 'percent':
      return { ...state, percent: action.percent };
    case 'busy':
      return { ...state, busy: action.busy };
    case 'offered': {
      // A requested offer holds OFFER_TTL_MS from when the server made it, after the request was sent.
      const offsetMs = Date.parse(action.offer.expiresAt) - OFFER_TTL_MS - action.sentAtMs;
      const offer = shown(action.offer, offsetMs, action.nowMs);
      const whole = action.offer.percent === 100;
      return {
        ...state,
        offsetMs,
        offer,
        offerDirection: state.offer ? direction(state.offer.amount, offer.amount, null) : null,
        version: Math.max(state.version, action.offer.version),
        nowMs: action.nowMs,
        refusal: null,
        notice: action.notice ?? null,
        value: whole && action.offer.version > state.version ? action.offer.amount : state.value,
        valueDirection: whole && action.offer.version > state.version ? direction(state.value, action.offer.amount, state.valueDirection) : state.valueDirection,
      };
    }
    case 'dropOffer':
      return { ...state, offer: null, offerDirection: null, notice: action.notice ?? state.notice };
    case 'refused':
      return { ...state, offer: null, offerDirection: null, refusal: action.message, notice: action.notice ?? null };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'tick':
      return { ...state, nowMs: action.nowMs };
    case 'cashedOut':
      // The value was for the old stake; the server sends the new one when asked again.
      return {
        ...state,
        offer: null,
        offerDirection: null,
        percent: 100,
        value: action.stillOpen ? null : state.value,
        valueDirection: null,
        notice: action.notice,
      };
  }
}
