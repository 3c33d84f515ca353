import { builder } from './builder';
import type { BetView as BetShape } from '../lib/bets/read-bets';
import { BetRef } from './bets';
import { notYetAvailable, RejectionRef, UserErrorRef } from './user-errors';

interface OfferShape {
  __typename: 'CashoutOffer';
  id: string;
  bet: BetShape;
  amountMinor: bigint;
  percent: number;
  expiresAt: Date;
}

const CashoutOfferRef = builder.objectRef<OfferShape>('CashoutOffer').implement({
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'CashoutOffer',
  fields: (t) => ({
    id: t.exposeID('id'),
    bet: t.field({ type: BetRef, resolve: (offer) => offer.bet }),
    amount: t.field({ type: 'Money', description: 'What the bettor receives on acceptance.', resolve: (offer) => offer.amountMinor }),
    percent: t.exposeInt('percent', { description: 'Share of the current stake being cashed out, 1 to 100.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (offer) => offer.expiresAt }),
  }),
});

const CashoutAcceptedRef = builder.objectRef<{ __typename: 'CashoutAccepted'; bet: BetShape; amountMinor: bigint }>('CashoutAccepted').implement({
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'CashoutAccepted',
  fields: (t) => ({
    bet: t.field({ type: BetRef, resolve: (value) => value.bet }),
    amount: t.field({ type: 'Money', resolve: (value) => value.amountMinor }),
  }),
});

const AutoCashoutSetRef = builder.objectRef<{ __typename: 'AutoCashoutSet'; bet: BetShape }>('AutoCashoutSet').implement({
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'AutoCashoutSet',
  fields: (t) => ({ bet: t.field({ type: BetRef, resolve: (value) => value.bet }) }),
});

const PriceChangedRef = builder
  .objectRef<{ __typename: 'PriceChanged'; code: string; message: string; offer: OfferShape | null }>('PriceChanged')
  .implement({
    description: 'Returned with code PRICE_CHANGED; carries a fresh offer at the new price, when one can be made.',
    interfaces: [UserErrorRef],
    isTypeOf: (value) => (value as { __typename?: string }).__typename === 'PriceChanged',
    fields: (t) => ({ offer: t.field({ type: CashoutOfferRef, nullable: true, resolve: (value) => value.offer }) }),
  });

const RequestCashoutResultRef = builder.unionType('RequestCashoutResult', { types: [CashoutOfferRef, RejectionRef] });
const AcceptCashoutResultRef = builder.unionType('AcceptCashoutResult', { types: [CashoutAcceptedRef, RejectionRef, PriceChangedRef] });
const SetAutoCashoutResultRef = builder.unionType('SetAutoCashoutResult', { types: [AutoCashoutSetRef, RejectionRef] });

builder.mutationFields((t) => ({
  requestCashout: t.field({
    type: RequestCashoutResultRef,
    description: 'Quote a cashout of `percent` of the current stake; the offer is valid for 30 seconds.',
    authScopes: { signedIn: true },
    args: { betId: t.arg.id({ required: true }), percent: t.arg.int() },
    resolve: () => notYetAvailable('Cashout'),
  }),
  acceptCashout: t.field({
    type: AcceptCashoutResultRef,
    authScopes: { signedIn: true },
    args: { offerId: t.arg.id({ required: true }) },
    resolve: () => notYetAvailable('Cashout'),
  }),
  setAutoCashout: t.field({
    type: SetAutoCashoutResultRef,
    description: 'Null target clears the rule.',
    authScopes: { signedIn: true },
    args: { betId: t.arg.id({ required: true }), target: t.arg({ type: 'Money' }) },
    resolve: () => notYetAvailable('Cashout'),
  }),
}));

builder.subscriptionFields((t) => ({
  cashoutOffered: t.field({
    type: CashoutOfferRef,
    description: "Fresh cashout offers for the viewer's open bets (one bet, or all when betId is null).",
    authScopes: { signedIn: true },
    args: { betId: t.arg.id() },
    subscribe: (): AsyncIterable<OfferShape> => notYetAvailable('Cashout offers'),
    resolve: (offer) => offer,
  }),
}));
