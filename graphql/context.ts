import DataLoader from 'dataloader';
import { bearerToken, verifyToken, type Principal } from '../lib/auth/tokens';
import { getEvents, getMarkets, getMarketsByEvent } from '../lib/markets/read-markets';
import type { EventView, MarketView } from '../lib/markets/views';
import type { Runtime } from '../lib/runtime';

/** Per-request batching of reads, so a list of N events costs a constant number of queries. */
export interface Loaders {
  event: DataLoader<string, EventView | null>;
  market: DataLoader<string, MarketView | null>;
  marketsByEvent: DataLoader<string, MarketView[]>;
}

export interface Context {
  runtime: Runtime;
  viewer: Principal | null;
  loaders: Loaders;
  /** Identifies a WebSocket connection in event rooms; absent on HTTP. */
  memberId?: string;
}

function createLoaders(runtime: Runtime): Loaders {
  const { db } = runtime;
  return {
    event: new DataLoader(async (ids) => {
      const byId = new Map((await getEvents(db, ids)).map((e) => [e.id, e]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    market: new DataLoader(async (ids) => {
      const byId = new Map((await getMarkets(db, ids)).map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    marketsByEvent: new DataLoader(async (ids) => {
      const byEvent = await getMarketsByEvent(db, ids);
      return ids.map((id) => byEvent.get(id) ?? []);
    }),
  };
}

/**
 * Builds the context of one operation. HTTP sends `Authorization: Bearer`; graphql-ws sends
 * `{ authorization: "Bearer …" }` in connection_init. A missing or invalid token means signed out:
 * fields that need a viewer then answer UNAUTHENTICATED.
 */
export async function createContext(runtime: Runtime, authorization: string | null | undefined): Promise<Context> {
  const token = bearerToken(authorization);
  const viewer = token ? await verifyToken(runtime.authSecret, token) : null;
  return { runtime, viewer, loaders: createLoaders(runtime) };
}
