import { getUser, signIn, signUp, type User } from '../lib/auth/accounts';
import { issueToken } from '../lib/auth/tokens';
import { builder } from './builder';
import { BetConnectionRef, BetStatusEnum } from './bets';
import { rejection, RejectionRef, notYetAvailable } from './user-errors';

export const ViewerRef = builder.objectRef<User>('Viewer').implement({
  description: 'The signed-in user.',
  fields: (t) => ({
    id: t.exposeID('id'),
    username: t.exposeString('username'),
    role: t.string({ description: 'BETTOR or TRADER.', resolve: (user) => user.role }),
    balance: t.field({ type: 'Money', resolve: () => notYetAvailable('The wallet') }),
    bets: t.field({
      type: BetConnectionRef,
      args: { status: t.arg({ type: BetStatusEnum }), first: t.arg.int(), after: t.arg.string() },
      resolve: () => notYetAvailable('Betting'),
    }),
  }),
});

const AuthPayloadRef = builder.objectRef<{ __typename: 'AuthPayload'; token: string; viewer: User }>('AuthPayload').implement({
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'AuthPayload',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'A JWT for `Authorization: Bearer`, valid for 12 hours.' }),
    viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
  }),
});

const AuthResultRef = builder.unionType('AuthResult', { types: [AuthPayloadRef, RejectionRef] });

builder.queryFields((t) => ({
  viewer: t.field({
    type: ViewerRef,
    nullable: true,
    description: 'Null when signed out.',
    resolve: (_root, _args, ctx) => (ctx.viewer ? getUser(ctx.runtime.db, ctx.viewer.userId) : null),
  }),
}));

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthResultRef,
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await signUp(ctx.runtime.db, args.username, args.password);
      if (!result.ok) return rejection(result.code, result.message);
      const token = await issueToken(ctx.runtime.authSecret, { userId: result.value.id, role: result.value.role });
      return { __typename: 'AuthPayload' as const, token, viewer: result.value };
    },
  }),
  signIn: t.field({
    type: AuthResultRef,
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await signIn(ctx.runtime.db, args.username, args.password);
      if (!result.ok) return rejection(result.code, result.message);
      const token = await issueToken(ctx.runtime.authSecret, { userId: result.value.id, role: result.value.role });
      return { __typename: 'AuthPayload' as const, token, viewer: result.value };
    },
  }),
}));
