import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { GraphQLError } from 'graphql';
import { createEvent } from '../lib/markets/create-event';
import { getEvent, getEvents, getMarkets, getMarketsByEvent, getOddsHistory, getSelections, InvalidCursorError, listEvents, encodeEventCursor } from '../lib/markets/read-markets';
import { setMarketStatus } from '../lib/markets/set-market-status';
import { setOdds } from '../lib/markets/set-odds';
import type { EventView, MarketView, OddsUpdateMessage, SelectionView } from '../lib/markets/views';
import { getUser } from '../lib/auth/accounts';
import { topic, type Topic } from '../lib/live/pubsub';
import { maskUsername } from '../lib/rooms/activity';
import { builder } from './builder';
import type { Context } from './context';
import { forwardConnection, PAGE_SIZE } from './connections';
import { unwrapOrThrow } from './user-errors';
import { isId } from '../lib/ids';

/** An event, optionally carrying its markets already (from a pub/sub message). */
type EventShape = EventView & { markets?: MarketView[] };

export const EventStatusEnum = builder.enumType('EventStatus', { values: ['UPCOMING', 'LIVE', 'FINISHED', 'CANCELLED'] as const });
export const MarketStatusEnum = builder.enumType('MarketStatus', { values: ['OPEN', 'SUSPENDED', 'SETTLED', 'VOID'] as const });
export const SelectionStatusEnum = builder.enumType('SelectionStatus', { values: ['OPEN', 'WON', 'LOST', 'VOID'] as const });

const ScoreRef = builder.objectRef<{ home: number; away: number }>('Score').implement({
  fields: (t) => ({ home: t.exposeInt('home'), away: t.exposeInt('away') }),
});

// Relay nodes loaded through per-request DataLoaders: a field of one of these types may return the
// id instead of the object, and every id asked for in one tick is read in one query.
export const EventRef = builder.loadableNodeRef('Event', {
  id: { resolve: (event: EventShape) => event.id },
  load: (ids: string[], ctx: Context): Promise<EventShape[]> => getEvents(ctx.runtime.db, ids),
  sort: (event) => event.id,
});
export const MarketRef = builder.loadableNodeRef('Market', {
  id: { resolve: (market: MarketView) => market.id },
  load: (ids: string[], ctx: Context) => getMarkets(ctx.runtime.db, ids),
  sort: (market) => market.id,
});
export const SelectionRef = builder.loadableNodeRef('Selection', {
  id: { resolve: (selection: SelectionView) => selection.id },
  load: (ids: string[], ctx: Context) => getSelections(ctx.runtime.db, ids),
  sort: (selection) => selection.id,
});

/** Each event's markets in display order, batched like the loaders above (the plugin's own getter). */
const marketsOfEvents = dataloaderGetter<string, MarketView[], string>(
  undefined,
  async (eventIds, ctx) => {
    const byEvent = await getMarketsByEvent((ctx as Context).runtime.db, eventIds);
    return eventIds.map((id) => byEvent.get(id) ?? []);
  },
  undefined,
  false,
);

EventRef.implement({
  fields: (t) => ({
    sport: t.exposeString('sport'),
    name: t.exposeString('name'),
    home: t.exposeString('home'),
    away: t.exposeString('away'),
    startsAt: t.field({ type: 'DateTime', resolve: (event) => event.startsAt }),
    status: t.field({ type: EventStatusEnum, resolve: (event) => event.status }),
    score: t.field({
      type: ScoreRef,
      nullable: true,
      resolve: (event) => (event.scoreHome === null || event.scoreAway === null ? null : { home: event.scoreHome, away: event.scoreAway }),
    }),
    clock: t.exposeString('clock', {
      nullable: true,
      description: "Match clock as shown to people, e.g. 67' or Q3 04:12; null before the start.",
    }),
    markets: t.field({
      type: [MarketRef],
      // A pub/sub snapshot carries its markets; anything else loads them.
      resolve: (event, _args, ctx) => event.markets ?? marketsOfEvents(ctx).load(event.id),
    }),
    recentJoiners: t.stringList({
      description: 'The last signed-in people who entered the room, newest first (masked names).',
      resolve: (event, _args, ctx) => ctx.runtime.presence.recentJoiners(event.id),
    }),
    participants: t.int({
      description: "People in this event's live room right now, across all server instances.",
      resolve: (event, _args, ctx) => event.participants ?? ctx.runtime.presence.count(event.id),
    }),
  }),
});

MarketRef.implement({
  fields: (t) => ({
    event: t.field({ type: EventRef, resolve: (market) => market.eventId }),
    name: t.exposeString('name'),
    status: t.field({ type: MarketStatusEnum, resolve: (market) => market.status }),
    selections: t.field({ type: [SelectionRef], resolve: (market) => market.selections }),
  }),
});

SelectionRef.implement({
  fields: (t) => ({
    market: t.field({ type: MarketRef, resolve: (selection) => selection.marketId }),
    name: t.exposeString('name'),
    odds: t.field({ type: 'Odds', resolve: (selection) => selection.odds }),
    previousOdds: t.field({
      type: 'Odds',
      nullable: true,
      description: 'The odds before the most recent change, null if they never changed.',
      resolve: (selection) => selection.previousOdds,
    }),
    status: t.field({ type: SelectionStatusEnum, resolve: (selection) => selection.status }),
    oddsHistory: t.field({
      type: [OddsPointRef],
      description: 'The last odds of this selection, oldest first (for charts). `last` is 1 to 500, default 60.',
      args: { last: t.arg.int() },
      resolve: async (selection, args, ctx) => {
        const last = args.last ?? 60;
        if (last < 1 || last > 500) throw badInput(`last must be between 1 and 500, got ${last}.`);
        return (await getOddsHistory(ctx.runtime.db, [selection.id], last)).get(selection.id) ?? [];
      },
    }),
  }),
});

const OddsPointRef = builder.objectRef<{ odds: number; at: Date }>('OddsPoint').implement({
  fields: (t) => ({ odds: t.field({ type: 'Odds', resolve: (p) => p.odds }), at: t.field({ type: 'DateTime', resolve: (p) => p.at }) }),
});

const EventConnectionRef = builder.connectionObject({ type: EventRef, name: 'EventConnection' }, { name: 'EventEdge' });

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

builder.queryFields((t) => ({
  events: t.field({
    type: EventConnectionRef,
    description: 'Events in start order. `first` is 1 to 100 (default 20); pass `pageInfo.endCursor` as `after` for the next page.',
    args: {
      status: t.arg({ type: EventStatusEnum }),
      sport: t.arg.string(),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? PAGE_SIZE.default;
      if (first < 1 || first > PAGE_SIZE.max) throw badInput(`first must be between 1 and ${PAGE_SIZE.max}, got ${first}.`);
      try {
        const page = await listEvents(ctx.runtime.db, { status: args.status, sport: args.sport, first, after: args.after });
        return forwardConnection(page.items.map((event) => ({ cursor: encodeEventCursor(event), node: event })), page.hasNextPage, args.after);
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new GraphQLError(error.message, { extensions: { code: 'CURSOR_INVALID' } });
        throw error;
      }
    },
  }),
  event: t.field({
    type: EventRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args) => (isId(args.id) ? args.id : null),
  }),
}));

const NewSelectionInput = builder.inputType('NewSelectionInput', {
  fields: (t) => ({ name: t.string({ required: true }), odds: t.field({ type: 'Odds', required: true }) }),
});
const NewMarketInput = builder.inputType('NewMarketInput', {
  fields: (t) => ({ name: t.string({ required: true }), selections: t.field({ type: [NewSelectionInput], required: true }) }),
});
const CreateEventInput = builder.inputType('CreateEventInput', {
  fields: (t) => ({
    sport: t.string({ required: true }),
    home: t.string({ required: true }),
    away: t.string({ required: true }),
    startsAt: t.field({ type: 'DateTime', required: true }),
    live: t.boolean({ description: 'Start the event live (in play) at once.' }),
    markets: t.field({ type: [NewMarketInput], required: true }),
  }),
});

builder.mutationFields((t) => ({
  createEvent: t.field({
    type: EventRef,
    description: 'Trader role only.',
    authScopes: { trader: true },
    args: { input: t.arg({ type: CreateEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => unwrapOrThrow(await createEvent(ctx.runtime, input)),
  }),
  setOdds: t.field({
    type: SelectionRef,
    description: 'Trader role only.',
    authScopes: { trader: true },
    args: { selectionId: t.arg.id({ required: true }), odds: t.arg({ type: 'Odds', required: true }) },
    resolve: async (_root, args, ctx) => unwrapOrThrow(await setOdds(ctx.runtime, args.selectionId, args.odds)),
  }),
  setMarketStatus: t.field({
    type: MarketRef,
    description: 'Trader role only: OPEN or SUSPENDED.',
    authScopes: { trader: true },
    args: { marketId: t.arg.id({ required: true }), status: t.arg({ type: MarketStatusEnum, required: true }) },
    resolve: async (_root, args, ctx) => unwrapOrThrow(await setMarketStatus(ctx.runtime, args.marketId, args.status)),
  }),
}));

const OddsUpdateRef = builder.objectRef<OddsUpdateMessage>('OddsUpdate').implement({
  fields: (t) => ({
    event: t.field({ type: EventRef, resolve: (update) => update.event }),
    markets: t.field({
      type: [MarketRef],
      description: 'The markets that changed (odds or status), with all their selections. After the server lost its pub/sub connection, every market of the event, so that nothing missed in between stays stale.',
      resolve: (update) => update.markets,
    }),
  }),
});

/** Ends a subscription to an unknown event with a clear error rather than silence. */
export async function requireEvent(ctx: Context, eventId: string): Promise<EventView> {
  const event = isId(eventId) ? await getEvent(ctx.runtime.db, eventId) : null;
  if (!event) throw new GraphQLError(`No event has the id "${String(eventId).slice(0, 64)}".`, { extensions: { code: 'NOT_FOUND' } });
  return event;
}

async function recordJoiner(ctx: Context, eventId: string): Promise<void> {
  const user = await getUser(ctx.runtime.db, ctx.viewer!.userId).catch(() => null);
  if (user) ctx.runtime.presence.recordJoiner(eventId, maskUsername(user.username));
}

/**
 * Counts the subscriber in the event's room for as long as it listens to the topic, read (a plain
 * iterator rather than an async generator: a generator suspended in an await cannot be returned
 * until a message arrives, so a quiet room would never notice its people leaving) or listened to
 * (shared subscriptions).
 */
export function roomTopic<T>(ctx: Context, eventId: string, source: Topic<T>): Topic<T> {
  const leave = ctx.runtime.presence.join(eventId, ctx.memberId ?? crypto.randomUUID());
  if (ctx.viewer) void recordJoiner(ctx, eventId);
  return {
    [Symbol.asyncIterator]() {
      const inner = source[Symbol.asyncIterator]();
      const end = async () => {
        leave();
        await inner.return?.();
      };
      return {
        ready: inner.ready,
        next: async () => {
          try {
            const result = await inner.next();
            if (result.done) leave();
            return result;
          } catch (error) {
            leave();
            throw error;
          }
        },
        return: async () => {
          await end();
          return { value: undefined, done: true };
        },
        throw: async (error?: unknown) => {
          await end();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    listen(onMessage) {
      const listening = source.listen(onMessage);
      return {
        ready: listening.ready,
        close() {
          leave();
          listening.close();
        },
      };
    },
  };
}

builder.subscriptionFields((t) => ({
  oddsChanged: t.field({
    type: OddsUpdateRef,
    description: 'Odds and market status changes of one event.',
    args: { eventId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      await requireEvent(ctx, args.eventId);
      return roomTopic(ctx, args.eventId, topic(ctx.runtime.pubsub, 'odds', args.eventId));
    },
    resolve: (update, _args, ctx) => {
      if (update.publishedAtMs) ctx.runtime.metrics.deliveryLatency.observe((Date.now() - update.publishedAtMs) / 1000);
      return update;
    },
  }),
  eventUpdated: t.field({
    type: EventRef,
    description: 'Score, clock, status and participant count of one event.',
    args: { eventId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      await requireEvent(ctx, args.eventId);
      return roomTopic(ctx, args.eventId, topic(ctx.runtime.pubsub, 'event', args.eventId));
    },
    resolve: (event) => event,
  }),
}));
