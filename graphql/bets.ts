import { GraphQLError } from 'graphql';
import { placeBet } from '../lib/bets/place-bet';
import { getBet, getBets, getBetTimeline, InvalidBetCursorError, listBets, type BetLegView, type BetView } from '../lib/bets/read-bets';
import type { SelectionView } from '../lib/markets/views';
import { betUpdatesAfter, betUpdatesResumeCursor, CursorExpiredError, CursorInvalidError, liveBetUpdates, parseBetUpdateCursor, type BetUpdate } from '../lib/bets/bet-updates';
import { builder } from './builder';
import { EventRef, MarketRef, SelectionRef, SelectionStatusEnum } from './events';
import { forwardConnection, PAGE_SIZE } from './connections';
import type { Context } from './context';
import { Rejection, rejection, UserErrorRef } from './user-errors';
import { LimitRejection, ViewerRef } from './viewer';

export const BetStatusEnum = builder.enumType('BetStatus', {
  values: {
    PENDING: { description: 'Accepted in principle, waiting out the in-play delay.' },
    OPEN: {},
    WON: {},
    LOST: {},
    VOID: {},
    CASHED_OUT: {},
    REJECTED: {},
  } as const,
});

export const OddsChangePolicyEnum = builder.enumType('OddsChangePolicy', {
  values: {
    NONE: { description: "Reject the bet if any leg's odds differ from the odds sent." },
    HIGHER: { description: "Accept if every leg's current odds are equal or higher; the bet gets the current odds." },
    ANY: { description: 'Accept at the current odds whatever they are.' },
  } as const,
});

export const BetUpdateKindEnum = builder.enumType('BetUpdateKind', {
  values: ['PLACED', 'ACCEPTED', 'REJECTED', 'LEG_UPDATED', 'SETTLED', 'RESETTLED', 'CASHED_OUT', 'PARTIALLY_CASHED_OUT'] as const,
});

const BetLegRef = builder.objectRef<BetLegView>('BetLeg').implement({
  fields: (t) => ({
    selection: t.field({ type: SelectionRef, resolve: (leg) => leg.selection }),
    odds: t.field({ type: 'Odds', description: 'Odds this leg was accepted at.', resolve: (leg) => leg.oddsHundredths }),
    requestedOdds: t.field({ type: 'Odds', description: 'The odds the bettor saw when placing.', resolve: (leg) => leg.requestedOddsHundredths }),
    status: t.field({ type: SelectionStatusEnum, resolve: (leg) => leg.status }),
    event: t.field({ type: EventRef, resolve: (leg) => leg.eventId }),
    market: t.field({ type: MarketRef, resolve: (leg) => leg.marketId }),
  }),
});

/** A Relay node loaded through a per-request DataLoader: only the viewer's own bets load. */
export const BetRef = builder.loadableNodeRef('Bet', {
  id: { resolve: (bet: BetView) => bet.id },
  load: async (ids: string[], ctx: Context) => (ctx.viewer ? getBets(ctx.runtime.db, ctx.viewer.userId, ids) : []),
  sort: (bet) => bet.id,
});

BetRef.implement({
  fields: (t) => ({
    status: t.field({ type: BetStatusEnum, resolve: (bet) => bet.status }),
    stake: t.field({ type: 'Money', description: 'Current stake; a partial cashout lowers it.', resolve: (bet) => bet.stakeMinor }),
    odds: t.field({ type: 'Odds', description: "Combined odds at acceptance (the product of the legs' odds).", resolve: (bet) => bet.oddsHundredths }),
    potentialPayout: t.field({ type: 'Money', resolve: (bet) => bet.potentialPayoutMinor }),
    potentialProfit: t.field({ type: 'Money', description: 'What the bet would win over its stake: potential payout minus stake.', resolve: (bet) => bet.potentialPayoutMinor - bet.stakeMinor }),
    payout: t.field({
      type: 'Money',
      description: 'Paid out so far: winnings, refunds of void bets and cashouts (partial ones included).',
      resolve: (bet) => bet.payoutMinor,
    }),
    placedAt: t.field({ type: 'DateTime', resolve: (bet) => bet.placedAt }),
    settledAt: t.field({ type: 'DateTime', nullable: true, resolve: (bet) => bet.settledAt }),
    acceptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'For a PENDING bet: when its in-play delay ends and it is accepted or rejected.',
      resolve: (bet) => bet.acceptAt,
    }),
    rejectionReason: t.string({ nullable: true, description: 'Why a REJECTED bet was refused.', resolve: (bet) => bet.rejectionReason }),
    rejectionCode: t.string({
      nullable: true,
      description:
        "The code of a REJECTED bet's refusal, as placeBet would have answered it (e.g. ODDS_CHANGED, MARKET_SUSPENDED); the legs' `requestedOdds` against `selection.odds` show which price moved.",
      resolve: (bet) => bet.rejectionCode,
    }),
    oddsChangePolicy: t.field({ type: OddsChangePolicyEnum, resolve: (bet) => bet.oddsChangePolicy }),
    legs: t.field({ type: [BetLegRef], resolve: (bet) => bet.legs }),
    autoCashoutTarget: t.field({
      type: 'Money',
      nullable: true,
      description: 'Target value at which the bet is cashed out automatically; null when unset.',
      resolve: (bet) => bet.autoCashoutTargetMinor,
    }),
  }),
});

const BetTimelineEntryRef = builder.objectRef<{ kind: string; at: Date }>('BetTimelineEntry').implement({
  description: 'One update in the life of a bet.',
  fields: (t) => ({
    kind: t.field({ type: BetUpdateKindEnum, resolve: (entry) => entry.kind as never }),
    at: t.field({ type: 'DateTime', resolve: (entry) => entry.at }),
  }),
});

builder.objectFields(BetRef, (t) => ({
  timeline: t.field({
    type: [BetTimelineEntryRef],
    description: 'Every update of the bet in order (placed, accepted, settled, resettled, cashed out…), with times.',
    resolve: (bet, _args, ctx) => getBetTimeline(ctx.runtime.db, bet.id),
  }),
}));

const BetConnectionRef = builder.connectionObject({ type: BetRef, name: 'BetConnection' }, { name: 'BetEdge' });

builder.objectFields(ViewerRef, (t) => ({
  bets: t.field({
    type: BetConnectionRef,
    description: 'Newest first. `status` keeps one status; `statusIn` several (e.g. open tabs: [PENDING, OPEN]).',
    args: {
      status: t.arg({ type: BetStatusEnum }),
      statusIn: t.arg({ type: [BetStatusEnum] }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: async (user, args, ctx) => {
      const first = args.first ?? PAGE_SIZE.default;
      if (first < 1 || first > PAGE_SIZE.max) {
        throw new GraphQLError(`first must be between 1 and ${PAGE_SIZE.max}, got ${first}.`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const statuses = args.status ? [args.status, ...(args.statusIn ?? [])] : args.statusIn;
      try {
        const page = await listBets(ctx.runtime.db, user.id, { statuses, first, after: args.after });
        return forwardConnection(page.edges, page.hasNextPage, args.after);
      } catch (error) {
        if (error instanceof InvalidBetCursorError) throw new GraphQLError(error.message, { extensions: { code: 'CURSOR_INVALID' } });
        throw error;
      }
    },
  }),
}));

builder.objectFields(ViewerRef, (t) => ({
  betUpdatesCursor: t.string({
    nullable: true,
    description:
      'Where to resume your bet updates from: the cursor of your newest update (before your first, a cursor that precedes it). Pass it as `betUpdated(after:)` to receive every update from now on, across reconnects, even before the first arrives. Never null; nullable for older clients.',
    resolve: (user, _args, ctx) => betUpdatesResumeCursor(ctx.runtime.db, user.id),
  }),
}));

const BetLegInput = builder.inputType('BetLegInput', {
  fields: (t) => ({
    selectionId: t.id({ required: true }),
    odds: t.field({ type: 'Odds', required: true, description: 'The odds the bettor saw.' }),
  }),
});

const PlaceBetInput = builder.inputType('PlaceBetInput', {
  fields: (t) => ({
    legs: t.field({
      type: [BetLegInput],
      required: true,
      description: 'One leg is a single; two or more are an accumulator (at most one leg per event).',
    }),
    stake: t.field({ type: 'Money', required: true }),
    idempotencyKey: t.string({
      required: true,
      description:
        'Chosen by the client. The same key with the same input returns the first result; with a\ndifferent input it returns IDEMPOTENCY_CONFLICT.',
    }),
    oddsChangePolicy: t.field({ type: OddsChangePolicyEnum }),
  }),
});

/** ODDS_CHANGED: the odds of some legs moved against the bet's policy. */
class OddsChanged extends Rejection {
  constructor(
    message: string,
    readonly selectionIds: string[],
  ) {
    super('ODDS_CHANGED', message);
    this.name = 'OddsChanged';
  }
}

builder.objectType(OddsChanged, {
  name: 'OddsChanged',
  description: 'Returned with code ODDS_CHANGED; carries the current odds of each leg.',
  interfaces: [UserErrorRef],
  fields: (t) => ({
    current: t.field({
      type: [SelectionRef],
      resolve: async (value, _args, ctx) => {
        const selections = await SelectionRef.getDataloader(ctx).loadMany(value.selectionIds);
        return selections.filter((s): s is SelectionView => s != null && !(s instanceof Error));
      },
    }),
  }),
});

const BetPlacedRef = builder.objectRef<{ bet: BetView }>('BetPlaced').implement({
  fields: (t) => ({ bet: t.field({ type: BetRef, resolve: (value) => value.bet }) }),
});

// A returned rejection resolves to its class's member; anything else is the success.
const PlaceBetResultRef = builder.errorUnion('PlaceBetResult', {
  description:
    'Codes in order of precedence: INVALID_INPUT, INVALID_BET, IDEMPOTENCY_CONFLICT, RATE_LIMITED, NOT_FOUND, INVALID_BET (one leg per event; combined odds at most 10000.00), MARKET_CLOSED, MARKET_SUSPENDED, ODDS_CHANGED, STAKE_TOO_LOW, STAKE_TOO_HIGH, INSUFFICIENT_FUNDS.',
  types: [BetPlacedRef, Rejection, OddsChanged, LimitRejection],
  resolveType: () => BetPlacedRef,
});

const BetUpdateRef = builder.objectRef<BetUpdate>('BetUpdate').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque, increasing per viewer. Pass the last one seen as `after` to resume without gaps.' }),
    kind: t.field({ type: BetUpdateKindEnum, resolve: (update) => update.kind }),
    bet: t.field({ type: BetRef, resolve: (update) => update.bet }),
  }),
});

builder.queryFields((t) => ({
  bet: t.field({
    type: BetRef,
    nullable: true,
    description: "The viewer's own bet; null for a bet of someone else, an unknown id, or when signed out.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => (ctx.viewer ? args.id : null),
  }),
}));

builder.mutationFields((t) => ({
  placeBet: t.field({
    type: PlaceBetResultRef,
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: PlaceBetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const userId = ctx.viewer!.userId;
      const result = await placeBet(ctx.runtime, userId, {
        legs: input.legs.map((leg) => ({ selectionId: leg.selectionId, oddsHundredths: leg.odds })),
        stakeMinor: input.stake,
        idempotencyKey: input.idempotencyKey,
        policy: input.oddsChangePolicy ?? 'NONE',
      });
      if (result.ok && !result.replayed) ctx.runtime.metrics.betsPlaced.inc();
      if (!result.ok) ctx.runtime.metrics.betsRejected.inc({ code: result.code });
      if (result.ok) {
        const bet = result.replayed ? await getBet(ctx.runtime.db, userId, result.betId) : result.bet;
        if (!bet) throw new Error(`bet ${result.betId} vanished after placement`);
        return { bet };
      }
      if (result.code === 'ODDS_CHANGED') return new OddsChanged(result.message, result.selectionIds);
      if (result.code === 'STAKE_TOO_LOW' || result.code === 'STAKE_TOO_HIGH') {
        return new LimitRejection(result.code, result.message, result.minMinor, result.maxMinor);
      }
      return rejection(result.code, result.message, 'retryAfterMs' in result ? result.retryAfterMs : undefined);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  betUpdated: t.field({
    type: BetUpdateRef,
    description:
      "The viewer's bets only. With `after`, first replays every update since that cursor, in order. A cursor older than the retention window ends the subscription with CURSOR_EXPIRED: refetch the bets and subscribe without `after`. A cursor that is not one of yours (malformed, out of range, or beyond your newest update) ends it with CURSOR_INVALID.",
    authScopes: { signedIn: true },
    args: { after: t.arg.string() },
    subscribe: async (_root, args, ctx) => {
      const userId = ctx.viewer!.userId;
      if (args.after == null) return liveBetUpdates(ctx.runtime, userId);
      const after = parseBetUpdateCursor(args.after);
      if (after === null) throw new GraphQLError('`after` must be a cursor from an earlier BetUpdate of yours.', { extensions: { code: 'CURSOR_INVALID' } });
      try {
        return await betUpdatesAfter(ctx.runtime, userId, after);
      } catch (error) {
        if (error instanceof CursorExpiredError) throw new GraphQLError(error.message, { extensions: { code: 'CURSOR_EXPIRED' } });
        if (error instanceof CursorInvalidError) throw new GraphQLError(error.message, { extensions: { code: 'CURSOR_INVALID' } });
        throw error;
      }
    },
    resolve: (update) => update,
  }),
}));
