import { GraphQLError } from 'graphql';
import { acceptCashout } from '../lib/cashout/accept-cashout';
import { requestCashout, type OfferView } from '../lib/cashout/request-cashout';
import { setAutoCashout } from '../lib/cashout/set-auto-cashout';
import { takeCashoutRequest } from '../lib/cashout/request-limits';
import { validPercent } from '../lib/cashout/request-cashout';
import { getBet, type BetView } from '../lib/bets/read-bets';
import { builder } from './builder';
import { BetRef } from './bets';
import type { Context } from './context';
import { Rejection, rejection, UserErrorRef } from './user-errors';

/** A live offer carries its bet as valued (read under the offer's lock); others read it fresh. */
type OfferShape = OfferView & { bet?: BetView };

async function freshBet(ctx: Context, betId: string): Promise<BetView> {
  // Read fresh rather than through the per-request loader: a socket's context lives for the
  // whole connection, and the bet changes between offers.
  const bet = await getBet(ctx.runtime.db, ctx.viewer!.userId, betId);
  if (!bet) throw new Error(`bet ${betId} vanished`);
  return bet;
}

const CashoutOfferRef = builder.objectRef<OfferShape>('CashoutOffer').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    bet: t.field({ type: BetRef, resolve: (offer, _args, ctx) => offer.bet ?? freshBet(ctx, offer.betId) }),
    amount: t.field({ type: 'Money', description: 'What the bettor receives on acceptance.', resolve: (offer) => offer.amountMinor }),
    percent: t.exposeInt('percent', { description: 'Share of the current stake being cashed out, 1 to 100.' }),
    expiresAt: t.field({
      type: 'DateTime',
      description:
        'Until when this amount can be accepted (provided the bet is still worth at least that much). A requested offer holds 30 seconds; a live offer for the whole bet made while a requested one is valid ends when that one ends.',
      resolve: (offer) => offer.expiresAt,
    }),
    version: t.exposeInt('version', {
      description:
        "1, 2, 3, ... per bet in the order the bet's offers were made, which is the order of the odds they were valued at: an offer with a lower version than one already received carries an older price and should be dropped.",
    }),
  }),
});

const CashoutAcceptedRef = builder.objectRef<{ betId: string; amountMinor: bigint }>('CashoutAccepted').implement({
  fields: (t) => ({
    bet: t.field({ type: BetRef, resolve: (value, _args, ctx) => freshBet(ctx, value.betId) }),
    amount: t.field({ type: 'Money', resolve: (value) => value.amountMinor }),
  }),
});

const AutoCashoutSetRef = builder.objectRef<{ betId: string }>('AutoCashoutSet').implement({
  fields: (t) => ({ bet: t.field({ type: BetRef, resolve: (value, _args, ctx) => freshBet(ctx, value.betId) }) }),
});

/** PRICE_CHANGED: the bet is worth less than the offer now; carries a fresh one when it can be made. */
class PriceChanged extends Rejection {
  constructor(
    message: string,
    readonly offer: OfferShape | null,
  ) {
    super('PRICE_CHANGED', message);
    this.name = 'PriceChanged';
  }
}

builder.objectType(PriceChanged, {
  name: 'PriceChanged',
  description:
    'Returned with code PRICE_CHANGED when the bet is worth less now than the accepted amount; carries a fresh offer at the value now (valid 30 seconds), when one can be made, to confirm in one tap.',
  interfaces: [UserErrorRef],
  fields: (t) => ({ offer: t.field({ type: CashoutOfferRef, nullable: true, resolve: (value) => value.offer }) }),
});

// Result unions: a returned rejection resolves to its class's member, anything else is the success.
const RequestCashoutResultRef = builder.errorUnion('RequestCashoutResult', {
  description:
    'Codes in order: INVALID_INPUT (percent not 1 to 100), NOT_FOUND, CASHOUT_UNAVAILABLE (with the reason), CASHOUT_TOO_SMALL (the part asked for rounds to no stake or no value; ask for a larger percent).',
  types: [CashoutOfferRef, Rejection],
  resolveType: () => CashoutOfferRef,
});
const AcceptCashoutResultRef = builder.errorUnion('AcceptCashoutResult', {
  description:
    'Succeeds, paying the offer\'s amount, whenever the bet is worth at least that amount now (a newer offer does not matter). Codes in order: NOT_FOUND; an accepted offer returns its first result; OFFER_EXPIRED (past its expiresAt, or ended by another cashout of the bet); CASHOUT_UNAVAILABLE; PRICE_CHANGED (the value fell below the amount: with a fresh offer).',
  types: [CashoutAcceptedRef, Rejection, PriceChanged],
  resolveType: () => CashoutAcceptedRef,
});
/** TARGET_TOO_HIGH: an auto-cashout target the bet's value can never reach. */
class AutoCashoutTargetTooHigh extends Rejection {
  constructor(
    message: string,
    readonly maxTargetMinor: bigint,
  ) {
    super('TARGET_TOO_HIGH', message);
    this.name = 'AutoCashoutTargetTooHigh';
  }
}

builder.objectType(AutoCashoutTargetTooHigh, {
  name: 'AutoCashoutTargetTooHigh',
  description: "Returned with code TARGET_TOO_HIGH: the target is above the most the bet can be worth in a cash out (its potential payout less the cash-out margin).",
  interfaces: [UserErrorRef],
  fields: (t) => ({
    maxTarget: t.field({ type: 'Money', description: 'The highest target this bet accepts.', resolve: (value) => value.maxTargetMinor }),
  }),
});

const SetAutoCashoutResultRef = builder.errorUnion('SetAutoCashoutResult', {
  description:
    'Codes: INVALID_INPUT (target not positive), NOT_FOUND, CASHOUT_UNAVAILABLE (bet not open), TARGET_TOO_HIGH (above the potential payout less the cash-out margin; AutoCashoutTargetTooHigh carries the highest target).',
  types: [AutoCashoutSetRef, Rejection, AutoCashoutTargetTooHigh],
  resolveType: () => AutoCashoutSetRef,
});

builder.mutationFields((t) => ({
  requestCashout: t.field({
    type: RequestCashoutResultRef,
    description:
      'Quote a cashout of `percent` of the current stake; the offer is valid for 30 seconds. RATE_LIMITED (with `retryAfterSeconds`) past CASHOUT_REQUESTS_PER_MINUTE per user or CASHOUT_REQUESTS_PER_BET_PER_MINUTE per bet.',
    authScopes: { signedIn: true },
    args: { betId: t.arg.id({ required: true }), percent: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      // RATE_LIMITED comes after INVALID_INPUT: a request refused for its percent counts nothing.
      if (validPercent(args.percent ?? 100)) {
        const { env } = ctx.runtime;
        const limits = { perUserPerMinute: env.CASHOUT_REQUESTS_PER_MINUTE, perBetPerMinute: env.CASHOUT_REQUESTS_PER_BET_PER_MINUTE };
        const taken = await takeCashoutRequest(ctx.runtime.limits, limits, ctx.viewer!.userId, args.betId);
        if (!taken.ok) return rejection('RATE_LIMITED', 'Too many cashout requests in a short time; try again shortly.', taken.retryAfterMs);
      }
      const result = await requestCashout(ctx.runtime, ctx.viewer!.userId, args.betId, args.percent ?? 100);
      return result.ok ? result.value : rejection(result.code, result.message);
    },
  }),
  acceptCashout: t.field({
    type: AcceptCashoutResultRef,
    authScopes: { signedIn: true },
    args: { offerId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await acceptCashout(ctx.runtime, ctx.viewer!.userId, args.offerId);
      if (result.ok) return { betId: result.betId, amountMinor: result.amountMinor };
      if (result.code === 'PRICE_CHANGED') return new PriceChanged(result.message, result.offer);
      return rejection(result.code, result.message);
    },
  }),
  setAutoCashout: t.field({
    type: SetAutoCashoutResultRef,
    description: 'Null target clears the rule.',
    authScopes: { signedIn: true },
    args: { betId: t.arg.id({ required: true }), target: t.arg({ type: 'Money' }) },
    resolve: async (_root, args, ctx) => {
      const result = await setAutoCashout(ctx.runtime, ctx.viewer!.userId, args.betId, args.target ?? null);
      if (result.ok) return { betId: args.betId };
      if (result.code === 'TARGET_TOO_HIGH') return new AutoCashoutTargetTooHigh(result.message, result.maxTargetMinor);
      return rejection(result.code, result.message);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  cashoutOffered: t.field({
    type: CashoutOfferRef,
    description:
      "Fresh cashout offers for the viewer's open bets (one bet, or all when betId is null): one at once, then one after each odds move on a leg, at most one a second per bet. Each bet's offers arrive in increasing `version`.",
    authScopes: { signedIn: true },
    args: { betId: t.arg.id() },
    subscribe: async (_root, args, ctx) => {
      if (args.betId != null && !(await getBet(ctx.runtime.db, ctx.viewer!.userId, args.betId))) {
        throw new GraphQLError('No bet of yours has that id.', { extensions: { code: 'NOT_FOUND' } });
      }
      return ctx.runtime.liveOffers.watch(ctx.viewer!.userId, args.betId ?? null);
    },
    resolve: (offer) => offer,
  }),
}));
