import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import type { Plugin } from 'graphql-yoga';

/**
 * The dataloader plugin keeps its loaders per context object and memoises what they load, which is
 * right for one query or mutation. A subscription executes once per message with the same context
 * for as long as it lives, so each message must read the state of its moment, not of the first
 * message: after every message of a subscription, its loaders forget what they loaded. That also
 * keeps a quiet subscription from holding the last message's rows.
 */
export function loadsPerMessagePlugin(): Plugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult: ({ args }) => ({
          onNext: () => clearAllDataLoaders(args.contextValue as object),
        }),
      };
    },
  };
}
