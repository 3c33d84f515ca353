import { builder } from './builder';
import { MarketRef } from './events';
import { notYetAvailable } from './user-errors';

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
    description: 'Trader role only. Settles the market and every bet whose legs are all settled.',
    authScopes: { trader: true },
    args: { marketId: t.arg.id({ required: true }), results: t.arg({ type: [SelectionResultInput], required: true }) },
    resolve: () => notYetAvailable('Settlement'),
  }),
  unsettleMarket: t.field({
    type: MarketRef,
    description: 'Trader role only. Undoes a settlement (resettlement), reversing payouts with new ledger entries.',
    authScopes: { trader: true },
    args: { marketId: t.arg.id({ required: true }) },
    resolve: () => notYetAvailable('Settlement'),
  }),
}));
