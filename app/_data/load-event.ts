import { cache } from 'react';
import { getEvent, getMarketsByEvent } from '../../lib/markets/read-markets';
import { sharedRuntime } from '../../lib/runtime-shared';
import type { LiveEventState } from '../_live/types';
import { toLiveEvent, toLiveMarket } from './to-live';

/**
 * One event with all its markets, or null for an unknown or malformed id. Cached per request,
 * so the page and its metadata read the database once.
 */
export const loadEvent = cache(async (id: string): Promise<LiveEventState | null> => {
  const { db } = sharedRuntime();
  const event = await getEvent(db, id);
  if (!event) return null;
  const markets = (await getMarketsByEvent(db, [event.id])).get(event.id) ?? [];
  return { event: toLiveEvent(event), markets: markets.map(toLiveMarket) };
});
