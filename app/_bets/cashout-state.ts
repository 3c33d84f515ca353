import type { CashoutOfferFieldsFragment } from '../_gql/graphql';
import { OFFER_TTL_MS } from './cashout-math';

/** An offer on screen: the server's fields plus when it ends on this browser's clock. */
export interface ShownOffer {
  id: string;
  amount: string;
  percent: number;
  /** On the server's clock: offers made later end later, which orders them. */
  expiresAt: string;
  expiresAtLocalMs: number;
}

/** The cash-out panel's whole state, changed only by `cashoutReducer`. */
export interface CashoutState {
  /** The latest live value (100% of the current stake), or null until one arrives. */
  value: string | null;
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
  /** A part of the stake to quote again because a live move replaced the part offer on screen. */
  requote: number | null;
}

export type CashoutAction =
  | { type: 'liveOffer'; offer: CashoutOfferFieldsFragment; nowMs: number }
  | { type: 'waitedOut' }
  | { type: 'percent'; percent: number }
  | { type: 'busy'; busy: CashoutState['busy'] }
  | { type: 'offered'; offer: CashoutOfferFieldsFragment; sentAtMs: number; nowMs: number }
  | { type: 'dropOffer' }
  | { type: 'refused'; message: string }
  | { type: 'tick'; nowMs: number }
  | { type: 'cashedOut'; stillOpen: boolean };

export function initialCashoutState(offsetMs: number): CashoutState {
  return { value: null, refusal: null, waitedOut: false, percent: 100, offer: null, busy: null, nowMs: 0, offsetMs, requote: null };
}

/**
 * An offer from the server on this browser's clock. With `sentAtMs` (the request's send time) the
 * clock offset is measured again: an offer's 30 seconds start after the request was sent, so the
 * estimate never shows more time than the server gives.
 */
function shown(offer: CashoutOfferFieldsFragment, offsetMs: number, nowMs: number): ShownOffer {
  const expiresAtServerMs = Date.parse(offer.expiresAt);
  const expiresAtLocalMs = Math.min(expiresAtServerMs - offsetMs, nowMs + OFFER_TTL_MS);
  return { id: offer.id, amount: offer.amount, percent: offer.percent, expiresAt: offer.expiresAt, expiresAtLocalMs };
}

/** The panel's transitions; pure, so every socket message and click reads the same state. */
export function cashoutReducer(state: CashoutState, action: CashoutAction): CashoutState {
  switch (action.type) {
    case 'liveOffer': {
      const next = { ...state, value: action.offer.amount, refusal: null, waitedOut: false };
      const current = state.offer;
      if (!current || state.busy) return next;
      // Every offer the server makes for a bet replaces the older ones. A live offer made after
      // the one on screen has replaced it: a 100% offer takes its place; a part is quoted again.
      if (Date.parse(action.offer.expiresAt) <= Date.parse(current.expiresAt)) return next;
      if (current.percent === 100) return { ...next, offer: shown(action.offer, state.offsetMs, action.nowMs), nowMs: action.nowMs };
      return { ...next, requote: current.percent };
    }
    case 'waitedOut':
      return state.value === null ? { ...state, waitedOut: true } : state;
    case 'percent':
      return { ...state, percent: action.percent };
    case 'busy':
      return { ...state, busy: action.busy, requote: action.busy === 'request' ? null : state.requote };
    case 'offered': {
      const offsetMs = Date.parse(action.offer.expiresAt) - OFFER_TTL_MS - action.sentAtMs;
      const offer = shown(action.offer, offsetMs, action.nowMs);
      return { ...state, offsetMs, offer, nowMs: action.nowMs, refusal: null, value: action.offer.percent === 100 ? action.offer.amount : state.value };
    }
    case 'dropOffer':
      return { ...state, offer: null, requote: null };
    case 'refused':
      return { ...state, offer: null, refusal: action.message };
    case 'tick':
      return { ...state, nowMs: action.nowMs };
    case 'cashedOut':
      // The value was for the old stake; the server sends the new one when asked again.
      return { ...state, offer: null, percent: 100, value: action.stillOpen ? null : state.value };
  }
}
