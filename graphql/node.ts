import { brandWithType } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { BetRef } from './bets';
import { builder } from './builder';
import type { Context } from './context';
import { EventRef, MarketRef, SelectionRef } from './events';
import { isId } from '../lib/ids';

/** Every type that implements Node; each is a loadable node, so its rows load by id in batches. */
const NODE_TYPES = [EventRef, MarketRef, SelectionRef, BetRef] as const;

/** The most ids one `nodes` call may look up. */
export const MAX_NODE_IDS = 100;

/**
 * The nodes with these ids, in order: null for an unknown or malformed id, and for someone else's
 * bet. A node's id is its row's UUID, which no two rows share across tables, so an id names no
 * type: every Node type's loader is asked for every id at once, one query per type for the whole
 * list (decision 0020). What is found is branded with its type for the Node interface.
 */
async function findNodes(ctx: Context, ids: readonly string[]): Promise<Array<object | null>> {
  const valid = [...new Set(ids.filter(isId))];
  const byType = await Promise.all(NODE_TYPES.map((ref) => ref.getDataloader(ctx).loadMany(valid)));
  const found = new Map<string, object>();
  NODE_TYPES.forEach((ref, typeIndex) => {
    byType[typeIndex].forEach((value, i) => {
      if (value instanceof Error) throw value;
      if (value == null || found.has(valid[i])) return;
      brandWithType(value, ref.name as never);
      found.set(valid[i], value);
    });
  });
  return ids.map((id) => found.get(id) ?? null);
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: "Any event, market, selection or bet of yours by its id; null for an unknown id or someone else's bet.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => (await findNodes(ctx, [args.id]))[0],
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Nodes by id, in the order asked, null where \`node\` would be null; at most ${MAX_NODE_IDS} ids.`,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, ctx) => {
      if (args.ids.length > MAX_NODE_IDS) {
        throw new GraphQLError(`ids may hold at most ${MAX_NODE_IDS} ids, got ${args.ids.length}.`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      return findNodes(ctx, args.ids);
    },
  }),
}));
