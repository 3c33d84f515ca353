import { GraphQLError } from 'graphql';
import type { ActivityMessage, SelectionStatsView } from '../lib/rooms/activity';
import { recentBets, recentChat, selectionStats, type BetActivityView, type ChatView } from '../lib/rooms/read-rooms';
import { sendChatMessage } from '../lib/rooms/send-chat-message';
import { topic } from '../lib/live/pubsub';
import { builder } from './builder';
import type { Context } from './context';
import { EventRef, requireEvent, roomTopic, SelectionRef } from './events';
import { Rejection, rejection } from './user-errors';
import { ChallengeStatusEnum } from './challenge-status';

/** Loaded by selection id through a per-request DataLoader; a selection nobody backed has zeros. */
const SelectionStatsRef = builder.loadableObjectRef('SelectionStats', {
  load: async (selectionIds: string[], ctx: Context): Promise<SelectionStatsView[]> => {
    const stats = await selectionStats(ctx.runtime.db, selectionIds);
    return selectionIds.map((id) => stats.get(id) ?? { selectionId: id, betCount: 0, totalStakedMinor: '0' });
  },
});

SelectionStatsRef.implement({
  description: 'Money on a selection: accepted and pending bets (rejected ones do not count).',
  fields: (t) => ({
    betCount: t.exposeInt('betCount'),
    totalStaked: t.field({ type: 'Money', resolve: (s) => BigInt(s.totalStakedMinor) }),
  }),
});

builder.objectFields(SelectionRef, (t) => ({
  stats: t.field({ type: SelectionStatsRef, resolve: (selection) => selection.id }),
}));

type ChatShape = { __typename: 'ChatMessage'; id: string; author: string; text: string; at: Date | string };
type BetActivityShape = { __typename: 'BetActivity'; id: string; selectionId: string; stakeBand: string; user: string; at: Date | string; stats?: SelectionStatsView };
type ParticipantsShape = { __typename: 'ParticipantsChanged'; count: number; at: Date | string };
type ChallengeActivityShape = { __typename: 'ChallengeActivity'; id: string; status: string; at: Date | string };

const ChatMessageRef = builder.objectRef<ChatShape>('ChatMessage').implement({
  description: 'A message in an event room. `text` is plain text: render it as text, never as HTML.',
  isTypeOf: (v) => (v as { __typename?: string }).__typename === 'ChatMessage',
  fields: (t) => ({
    id: t.exposeID('id'),
    author: t.exposeString('author'),
    text: t.exposeString('text'),
    at: t.field({ type: 'DateTime', resolve: (m) => m.at }),
  }),
});

const BetActivityRef = builder.objectRef<BetActivityShape>('BetActivity').implement({
  description: 'Someone placed a bet in this room: a stake band and a masked name, never the exact stake or user.',
  isTypeOf: (v) => (v as { __typename?: string }).__typename === 'BetActivity',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Identifies this bet in the feed (the bet itself is visible only to its owner).' }),
    selection: t.field({ type: SelectionRef, resolve: (a) => a.selectionId }),
    stakeBand: t.exposeString('stakeBand', { description: 'e.g. "5 to 20".' }),
    user: t.exposeString('user', { description: 'Masked username, e.g. "a***e".' }),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    stats: t.field({
      type: SelectionStatsRef,
      description: "The selection's totals just after this bet.",
      resolve: (a) => a.stats ?? a.selectionId,
    }),
  }),
});

const ParticipantsChangedRef = builder.objectRef<ParticipantsShape>('ParticipantsChanged').implement({
  isTypeOf: (v) => (v as { __typename?: string }).__typename === 'ParticipantsChanged',
  fields: (t) => ({ count: t.exposeInt('count'), at: t.field({ type: 'DateTime', resolve: (p) => p.at }) }),
});

export const ChallengeActivityRef = builder.objectRef<ChallengeActivityShape>('ChallengeActivity').implement({
  description: 'A challenge in this room was offered, taken, cancelled, expired or settled; `status` says which.',
  isTypeOf: (v) => (v as { __typename?: string }).__typename === 'ChallengeActivity',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The challenge id.' }),
    status: t.field({ type: ChallengeStatusEnum, resolve: (c) => c.status as never }),
    at: t.field({ type: 'DateTime', resolve: (c) => c.at }),
  }),
});

const EventActivityRef = builder.unionType('EventActivity', {
  types: [BetActivityRef, ChatMessageRef, ParticipantsChangedRef, ChallengeActivityRef],
});

const chatShape = (m: ChatView): ChatShape => ({ __typename: 'ChatMessage', id: m.id, author: m.author, text: m.text, at: m.at });
const betShape = (b: BetActivityView): BetActivityShape => ({ __typename: 'BetActivity', ...b });

function activityShape(message: ActivityMessage): ChatShape | BetActivityShape | ParticipantsShape | ChallengeActivityShape {
  switch (message.type) {
    case 'CHAT':
      return { __typename: 'ChatMessage', id: message.id, author: message.author, text: message.text, at: message.at };
    case 'BET':
      return { __typename: 'BetActivity', id: message.id, selectionId: message.selectionId, stakeBand: message.stakeBand, user: message.user, at: message.at, stats: message.stats };
    case 'PARTICIPANTS':
      return { __typename: 'ParticipantsChanged', count: message.count, at: message.at };
    case 'CHALLENGE':
      return { __typename: 'ChallengeActivity', id: message.id, status: message.status, at: message.at };
  }
}

function pageSize(value: number | null | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (n < 1 || n > max) throw new GraphQLError(`${name} must be between 1 and ${max}, got ${n}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  return n;
}

builder.objectFields(EventRef, (t) => ({
  recentBets: t.field({
    type: [BetActivityRef],
    description: 'The newest bets on this event, newest first (stake bands, masked names). `first` is 1 to 100, default 20.',
    args: { first: t.arg.int() },
    resolve: async (event, args, ctx) => (await recentBets(ctx.runtime.db, event.id, pageSize(args.first, 20, 100, 'first'))).map(betShape),
  }),
  chat: t.field({
    type: [ChatMessageRef],
    description: 'The last messages of the room, oldest first. `last` is 1 to 200, default 50.',
    args: { last: t.arg.int() },
    resolve: async (event, args, ctx) => (await recentChat(ctx.runtime.db, event.id, pageSize(args.last, 50, 200, 'last'))).map(chatShape),
  }),
}));

// A returned rejection resolves to its class's member; anything else is the message.
const SendChatMessageResultRef = builder.errorUnion('SendChatMessageResult', {
  description: 'Codes in order: INVALID_INPUT (1 to 280 characters after trimming), NOT_FOUND (unknown event), RATE_LIMITED.',
  types: [ChatMessageRef, Rejection],
  resolveType: () => ChatMessageRef,
});

builder.mutationFields((t) => ({
  sendChatMessage: t.field({
    type: SendChatMessageResultRef,
    description: "Posts a message to an event's room (signed-in users; 5 messages per 10 seconds).",
    authScopes: { signedIn: true },
    args: { eventId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await sendChatMessage(ctx.runtime, ctx.viewer!.userId, args.eventId, args.text);
      return result.ok ? chatShape(result.value) : rejection(result.code, result.message, result.retryAfterMs);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  eventActivity: t.field({
    type: EventActivityRef,
    description: "What happens in an event's room: bets placed (banded, masked), chat, participant counts and challenges.",
    args: { eventId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      await requireEvent(ctx, args.eventId);
      return roomTopic(ctx, args.eventId, topic(ctx.runtime.pubsub, 'activity', args.eventId));
    },
    resolve: (message) => activityShape(message),
  }),
}));

