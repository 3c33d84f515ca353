import { settleMarket } from '../lib/settlement/settle-market';
import { unsettleMarket } from '../lib/settlement/unsettle-market';
import { builder } from './builder';
import { MarketRef } from './events';
import { unwrapOrThrow } from './user-errors';

const SelectionResultEnum = builder.enumType('SelectionResult', { values: ['WON', 'LOST', 'VOID'] as const });

const SelectionResultInput = builder.inputType('SelectionResultInput', {
  fields: (t) => ({
    selectionId: t.id({ required: true }),
    result: t.field({ type: SelectionResultEnum, required: true }),
  }),
});

builder.mutationFields((t) => ({
  settleMarket: t.field({
    type: MarketRef,
    description:
      'Trader role only. Settles the market and every bet whose legs are all settled. Give one result per selection. Settling again with the same results changes nothing; with other results, unsettle first (MARKET_CLOSED).',
    authScopes: { trader: true },
    args: { marketId: t.arg.id({ required: true }), results: t.arg({ type: [SelectionResultInput], required: true }) },
    resolve: async (_root, args, ctx) => unwrapOrThrow(await settleMarket(ctx.runtime, args.marketId, args.results)),
  }),
  unsettleMarket: t.field({
    type: MarketRef,
    description:
      'Trader role only. Undoes a settlement (resettlement), reversing payouts with new ledger entries. The market is left SUSPENDED and its bets OPEN until it is settled again.',
    authScopes: { trader: true },
    args: { marketId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => unwrapOrThrow(await unsettleMarket(ctx.runtime, args.marketId)),
  }),
}));
