import type { EventPatch, LiveEventState, LiveMarket } from './types';

/** Applies score, clock, status and presence changes; fields a message leaves out stay as they were. */
export function applyEventPatch(state: LiveEventState, patch: EventPatch): LiveEventState {
  if (patch.id !== state.event.id) return state;
  const event = { ...state.event };
  if (patch.status !== undefined) event.status = patch.status;
  if (patch.score !== undefined) event.score = patch.score;
  if (patch.clock !== undefined) event.clock = patch.clock;
  if (patch.participants !== undefined && patch.participants !== null) event.participants = patch.participants;
  return { ...state, event };
}

/**
 * Replaces the changed markets (each message carries a market with all its selections). Markets
 * the island does not show are added only when `addUnknown` is set: the event page shows every
 * market, a lobby row only its main one.
 */
export function applyMarkets(state: LiveEventState, changed: readonly LiveMarket[], addUnknown: boolean): LiveEventState {
  if (changed.length === 0) return state;
  const byId = new Map(changed.map((m) => [m.id, m]));
  const markets = state.markets.map((m) => byId.get(m.id) ?? m);
  if (addUnknown) {
    const known = new Set(state.markets.map((m) => m.id));
    for (const m of changed) if (!known.has(m.id)) markets.push(m);
  }
  return { ...state, markets };
}
