import { GraphQLError } from 'graphql';
import { MAX_LEGS, maxStakeForPayout } from '../lib/bets/price-bet';
import { isId } from '../lib/ids';
import type { SelectionView } from '../lib/markets/views';
import { builder } from './builder';
import { SelectionRef } from './events';

interface BetLimitsView {
  stakeMinMinor: bigint;
  stakeMaxMinor: bigint;
  maxPayoutMinor: bigint;
  maxStakeMinor: bigint;
}

const BetLimitsRef = builder.objectRef<BetLimitsView>('BetLimits').implement({
  description: "The stake limits for a set of selections at their current odds: what placeBet checks, known before placing.",
  fields: (t) => ({
    minStake: t.field({ type: 'Money', description: 'The smallest stake accepted.', resolve: (limits) => limits.stakeMinMinor }),
    maxStake: t.field({
      type: 'Money',
      description: 'The largest stake accepted for these selections at their current odds: the stake limit, or less where the maximum payout binds.',
      resolve: (limits) => limits.maxStakeMinor,
    }),
    stakeLimit: t.field({ type: 'Money', description: 'The largest stake accepted on any bet.', resolve: (limits) => limits.stakeMaxMinor }),
    maxPayout: t.field({ type: 'Money', description: 'The largest payout a bet may have.', resolve: (limits) => limits.maxPayoutMinor }),
  }),
});

builder.queryFields((t) => ({
  betLimits: t.field({
    type: BetLimitsRef,
    description: `The stake limits for a bet on these selections (1 to ${MAX_LEGS}, as the legs of one bet) at their current odds. Selections that do not exist (or malformed ids) are left out of \`maxStake\`. BAD_USER_INPUT for no selections, more than ${MAX_LEGS} or the same one twice.`,
    args: { selectionIds: t.arg.idList({ required: true }) },
    resolve: async (_root, { selectionIds }, ctx) => {
      const ids = selectionIds.map(String);
      if (ids.length === 0 || ids.length > MAX_LEGS || new Set(ids).size !== ids.length) {
        throw new GraphQLError(`selectionIds must name 1 to ${MAX_LEGS} different selections.`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const loaded = await SelectionRef.getDataloader(ctx).loadMany(ids.filter(isId));
      const odds = loaded.filter((s): s is SelectionView => s != null && !(s instanceof Error)).map((s) => s.odds);
      // The same bounds as priceBet: the stake limit, then the largest stake whose payout stays within the maximum.
      const { stakeMinMinor, stakeMaxMinor, maxPayoutMinor } = ctx.runtime.config;
      const payoutBound = maxStakeForPayout(maxPayoutMinor, odds);
      return { stakeMinMinor, stakeMaxMinor, maxPayoutMinor, maxStakeMinor: payoutBound < stakeMaxMinor ? payoutBound : stakeMaxMinor };
    },
  }),
}));
