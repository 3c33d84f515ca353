import { GraphQLError } from 'graphql';
import { cancelChallenge, createChallenge, takeChallenge, type ChallengeResult } from '../lib/challenges/challenge-actions';
import { listChallenges, type ChallengeStatus, type ChallengeView } from '../lib/challenges/read-challenges';
import { maskUsername } from '../lib/rooms/activity';
import { builder } from './builder';
import { EventRef, SelectionRef } from './events';
import { Rejection, rejection } from './user-errors';
import { LimitRejection } from './viewer';
import { ChallengeStatusEnum } from './challenge-status';



const ChallengeRef = builder.objectRef<ChallengeView>('Challenge').implement({
  description: 'A head-to-head bet: the maker backs a selection at odds for a stake; the taker lays it, staking stake x (odds - 1).',
  fields: (t) => ({
    id: t.exposeID('id'),
    selection: t.field({ type: SelectionRef, resolve: (c) => c.selectionId }),
    odds: t.field({ type: 'Odds', resolve: (c) => c.oddsHundredths }),
    stake: t.field({ type: 'Money', description: "The maker's stake.", resolve: (c) => c.makerStakeMinor }),
    takerStake: t.field({ type: 'Money', description: 'What the taker stakes: stake x (odds - 1).', resolve: (c) => c.takerStakeMinor }),
    maker: t.string({ description: 'Masked username of the maker.', resolve: (c) => maskUsername(c.maker) }),
    taker: t.string({ nullable: true, description: 'Masked username of the taker.', resolve: (c) => (c.taker ? maskUsername(c.taker) : null) }),
    status: t.field({ type: ChallengeStatusEnum, resolve: (c) => c.status }),
    mine: t.boolean({ description: 'True when the viewer made it; false otherwise (or signed out).', resolve: (c, _args, ctx) => ctx.viewer?.userId === c.makerId }),
    takenByMe: t.boolean({ resolve: (c, _args, ctx) => ctx.viewer !== null && ctx.viewer.userId === c.takerId }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    expiresAt: t.field({ type: 'DateTime', description: 'When an untaken challenge lapses and its stake is refunded.', resolve: (c) => c.expiresAt }),
  }),
});

const ChallengePayloadRef = builder.objectRef<{ challenge: ChallengeView }>('ChallengePayload').implement({
  fields: (t) => ({ challenge: t.field({ type: ChallengeRef, resolve: (v) => v.challenge }) }),
});

// A returned rejection resolves to its class's member; anything else is the success.
const ChallengeResultRef = builder.errorUnion('ChallengeResult', {
  description:
    'Codes: INVALID_INPUT, NOT_FOUND, OWN_CHALLENGE, CHALLENGE_UNAVAILABLE (taken, cancelled, expired), MARKET_CLOSED, MARKET_SUSPENDED, STAKE_TOO_LOW / STAKE_TOO_HIGH (LimitRejection), INSUFFICIENT_FUNDS.',
  types: [ChallengePayloadRef, Rejection, LimitRejection],
  resolveType: () => ChallengePayloadRef,
});

function answer(result: ChallengeResult) {
  if (result.ok) return { challenge: result.value };
  if (result.code === 'STAKE_TOO_LOW' || result.code === 'STAKE_TOO_HIGH') {
    return new LimitRejection(result.code, result.message, result.minMinor ?? null, result.maxMinor ?? null);
  }
  return rejection(result.code, result.message);
}

builder.objectFields(EventRef, (t) => ({
  challenges: t.field({
    type: [ChallengeRef],
    description: 'Challenges in this room, newest first. `first` is 1 to 100 (default 30).',
    args: { status: t.arg({ type: [ChallengeStatusEnum] }), first: t.arg.int() },
    resolve: (event, args, ctx) => {
      const first = args.first ?? 30;
      if (first < 1 || first > 100) throw new GraphQLError(`first must be between 1 and 100, got ${first}.`, { extensions: { code: 'BAD_USER_INPUT' } });
      return listChallenges(ctx.runtime.db, event.id, { statuses: args.status as ChallengeStatus[] | null, first });
    },
  }),
}));

builder.mutationFields((t) => ({
  offerChallenge: t.field({
    type: ChallengeResultRef,
    description: 'Offers a head-to-head challenge on a selection at a stake and odds; the stake is held until it is taken, cancelled, expires or settles.',
    authScopes: { signedIn: true },
    args: { selectionId: t.arg.id({ required: true }), stake: t.arg({ type: 'Money', required: true }), odds: t.arg({ type: 'Odds', required: true }) },
    resolve: async (_root, args, ctx) =>
      answer(await createChallenge(ctx.runtime, ctx.viewer!.userId, { selectionId: args.selectionId, stakeMinor: args.stake, oddsHundredths: args.odds })),
  }),
  takeChallenge: t.field({
    type: ChallengeResultRef,
    description: 'Takes the other side of a challenge, staking stake x (odds - 1).',
    authScopes: { signedIn: true },
    args: { challengeId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => answer(await takeChallenge(ctx.runtime, ctx.viewer!.userId, args.challengeId)),
  }),
  cancelChallenge: t.field({
    type: ChallengeResultRef,
    description: 'Withdraws your untaken challenge; the stake comes back.',
    authScopes: { signedIn: true },
    args: { challengeId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => answer(await cancelChallenge(ctx.runtime, ctx.viewer!.userId, args.challengeId)),
  }),
}));
