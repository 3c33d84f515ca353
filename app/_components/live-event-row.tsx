'use client';

import type { LiveEventState } from '../_live/types';
import { useLiveEvent } from '../_live/use-live-event';
import { EventRowView } from './event-row-view';

/** A lobby row for an event in play: its score, clock and main-market prices follow the feed. */
export function LiveEventRow({ initial }: { initial: LiveEventState }) {
  const { state } = useLiveEvent(initial, { addUnknownMarkets: false });
  return <EventRowView event={state.event} market={state.markets[0] ?? null} />;
}
