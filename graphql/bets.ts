import type { SelectionView } from '../lib/markets/views';
import { builder } from './builder';
import { SelectionRef, SelectionStatusEnum } from './events';
import { NodeRef, PageInfoRef } from './node';
import { notYetAvailable, RejectionRef, UserErrorRef } from './user-errors';

/** What a bet resolves from; the betting issue fills it from the ledger and bet tables. */
export interface BetShape {
  id: string;
  status: 'PENDING' | 'OPEN' | 'WON' | 'LOST' | 'VOID' | 'CASHED_OUT' | 'REJECTED';
  stakeMinor: bigint;
  oddsHundredths: number;
  potentialPayoutMinor: bigint;
  payoutMinor: bigint;
  placedAt: Date;
  settledAt: Date | null;
  legs: Array<{ selection: SelectionView; oddsHundredths: number; status: SelectionView['status'] }>;
  autoCashoutTargetMinor: bigint | null;
}

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

const BetLegRef = builder.objectRef<BetShape['legs'][number]>('BetLeg').implement({
  fields: (t) => ({
    selection: t.field({ type: SelectionRef, resolve: (leg) => leg.selection }),
    odds: t.field({ type: 'Odds', description: 'Odds this leg was accepted at.', resolve: (leg) => leg.oddsHundredths }),
    status: t.field({ type: SelectionStatusEnum, resolve: (leg) => leg.status }),
  }),
});

export const BetRef = builder.objectRef<BetShape>('Bet').implement({
  interfaces: [NodeRef],
  isTypeOf: (value) => typeof (value as BetShape).stakeMinor === 'bigint',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: BetStatusEnum, resolve: (bet) => bet.status }),
    stake: t.field({ type: 'Money', description: 'Current stake; a partial cashout lowers it.', resolve: (bet) => bet.stakeMinor }),
    odds: t.field({ type: 'Odds', description: "Combined odds at acceptance (the product of the legs' odds).", resolve: (bet) => bet.oddsHundredths }),
    potentialPayout: t.field({ type: 'Money', resolve: (bet) => bet.potentialPayoutMinor }),
    payout: t.field({
      type: 'Money',
      description: 'Paid out so far: winnings, refunds of void bets and cashouts (partial ones included).',
      resolve: (bet) => bet.payoutMinor,
    }),
    placedAt: t.field({ type: 'DateTime', resolve: (bet) => bet.placedAt }),
    settledAt: t.field({ type: 'DateTime', nullable: true, resolve: (bet) => bet.settledAt }),
    legs: t.field({ type: [BetLegRef], resolve: (bet) => bet.legs }),
    autoCashoutTarget: t.field({
      type: 'Money',
      nullable: true,
      description: 'Target value at which the bet is cashed out automatically; null when unset.',
      resolve: (bet) => bet.autoCashoutTargetMinor,
    }),
  }),
});

const BetEdgeRef = builder.objectRef<{ cursor: string; node: BetShape }>('BetEdge').implement({
  fields: (t) => ({ cursor: t.exposeString('cursor'), node: t.field({ type: BetRef, resolve: (edge) => edge.node }) }),
});

export const BetConnectionRef = builder
  .objectRef<{ edges: Array<{ cursor: string; node: BetShape }>; hasNextPage: boolean; endCursor: string | null }>('BetConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [BetEdgeRef], resolve: (page) => page.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (page) => page }),
    }),
  });

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

const OddsChangedRef = builder.objectRef<{ __typename: 'OddsChanged'; code: string; message: string; current: SelectionView[] }>('OddsChanged').implement({
  description: 'Returned with code ODDS_CHANGED; carries the current odds of each leg.',
  interfaces: [UserErrorRef],
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'OddsChanged',
  fields: (t) => ({ current: t.field({ type: [SelectionRef], resolve: (value) => value.current }) }),
});

export const LimitRejectionRef = builder
  .objectRef<{ __typename: 'LimitRejection'; code: string; message: string; minMinor: bigint | null; maxMinor: bigint | null }>('LimitRejection')
  .implement({
    description: 'Codes: STAKE_TOO_LOW, STAKE_TOO_HIGH, LIMIT_EXCEEDED (amount limits).',
    interfaces: [UserErrorRef],
    isTypeOf: (value) => (value as { __typename?: string }).__typename === 'LimitRejection',
    fields: (t) => ({
      min: t.field({ type: 'Money', nullable: true, resolve: (value) => value.minMinor }),
      max: t.field({ type: 'Money', nullable: true, resolve: (value) => value.maxMinor }),
    }),
  });

const DepositedRef = builder.objectRef<{ __typename: 'Deposited' }>('Deposited').implement({
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'Deposited',
  fields: (t) => ({
    // Resolved lazily to avoid a cycle between this file and accounts.ts.
    viewer: t.field({ type: 'Viewer' as never, resolve: () => notYetAvailable('The wallet') }),
  }),
});

const BetPlacedRef = builder.objectRef<{ __typename: 'BetPlaced'; bet: BetShape }>('BetPlaced').implement({
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'BetPlaced',
  fields: (t) => ({ bet: t.field({ type: BetRef, resolve: (value) => value.bet }) }),
});

const DepositResultRef = builder.unionType('DepositResult', { types: [DepositedRef, RejectionRef, LimitRejectionRef] });
const PlaceBetResultRef = builder.unionType('PlaceBetResult', { types: [BetPlacedRef, RejectionRef, OddsChangedRef, LimitRejectionRef] });

type BetUpdateShape = { cursor: string; kind: 'PLACED'; bet: BetShape };
const BetUpdateRef = builder.objectRef<BetUpdateShape>('BetUpdate').implement({
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
    resolve: (_root, _args, ctx) => (ctx.viewer ? notYetAvailable('Betting') : null),
  }),
}));

builder.mutationFields((t) => ({
  deposit: t.field({
    type: DepositResultRef,
    description: "Play money. Bounded by the account's deposit limits.",
    authScopes: { signedIn: true },
    args: { amount: t.arg({ type: 'Money', required: true }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: () => notYetAvailable('The wallet'),
  }),
  placeBet: t.field({
    type: PlaceBetResultRef,
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: PlaceBetInput, required: true }) },
    resolve: () => notYetAvailable('Betting'),
  }),
}));

builder.subscriptionFields((t) => ({
  betUpdated: t.field({
    type: BetUpdateRef,
    description: "The viewer's bets only. With `after`, first replays every update since that cursor, in order.",
    authScopes: { signedIn: true },
    args: { after: t.arg.string() },
    subscribe: (): AsyncIterable<BetUpdateShape> => notYetAvailable('Bet updates'),
    resolve: (update) => update,
  }),
}));
