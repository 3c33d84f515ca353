import { getUser, signUp, type User } from '../lib/auth/accounts';
import { clearedSessionCookie, sessionCookie } from '../lib/auth/session';
import { signInLimited } from '../lib/auth/sign-in-limited';
import { revokeSession } from '../lib/auth/sign-out';
import { issueToken } from '../lib/auth/tokens';
import { deposit } from '../lib/wallet/deposit';
import { getDepositLimit, setDepositLimit } from '../lib/wallet/deposit-limit';
import { getBalance } from '../lib/wallet/read-wallet';
import { builder } from './builder';
import type { Context } from './context';
import { Rejection, rejection } from './user-errors';
import { LimitRejection, ViewerRef } from './viewer';

const AuthPayloadRef = builder.objectRef<{ token: string; viewer: User }>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'A JWT for `Authorization: Bearer`, valid for 12 hours (TOKEN_TTL_SECONDS) or until signOut.' }),
    viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
  }),
});

// Result unions: a returned Rejection resolves to its class's member, anything else is the success.
const AuthResultRef = builder.errorUnion('AuthResult', { types: [AuthPayloadRef, Rejection], resolveType: () => AuthPayloadRef });

const DepositedRef = builder.objectRef<{ viewer: User }>('Deposited').implement({
  fields: (t) => ({ viewer: t.field({ type: ViewerRef, resolve: (value) => value.viewer }) }),
});
const DepositResultRef = builder.errorUnion('DepositResult', { types: [DepositedRef, Rejection, LimitRejection], resolveType: () => DepositedRef });

const DepositLimitSetRef = builder
  .objectRef<{ viewer: User; effective: 'LOWERED' | 'RAISE_PENDING' }>('DepositLimitSet')
  .implement({
    description: 'A lower limit applies at once; a higher one from `viewer.depositLimit.pendingFrom`, 24 hours later.',
    fields: (t) => ({
      viewer: t.field({ type: ViewerRef, resolve: (value) => value.viewer }),
      raisePending: t.boolean({ description: 'True when the new limit waits 24 hours.', resolve: (value) => value.effective === 'RAISE_PENDING' }),
    }),
  });
const SetDepositLimitResultRef = builder.errorUnion('SetDepositLimitResult', {
  types: [DepositLimitSetRef, Rejection, LimitRejection],
  resolveType: () => DepositLimitSetRef,
});

async function authPayload(ctx: Context, user: User) {
  const ttlSeconds = ctx.runtime.env.TOKEN_TTL_SECONDS;
  const token = await issueToken(ctx.runtime.authSecret, { userId: user.id, role: user.role }, Date.now(), ttlSeconds);
  // The web app keeps the same token in an httpOnly cookie; API clients simply ignore it.
  ctx.setCookie(sessionCookie(token, ctx.secure, ttlSeconds));
  return { token, viewer: user };
}

async function signedInUser(ctx: Context): Promise<User> {
  const user = ctx.viewer ? await getUser(ctx.runtime.db, ctx.viewer.userId) : null;
  if (!user) throw new Error('signed-in user vanished');
  return user;
}

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
    description: 'Creates a bettor account. Codes: INVALID_INPUT, USERNAME_TAKEN.',
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await signUp(ctx.runtime.db, args.username, args.password);
      return result.ok ? authPayload(ctx, result.value) : rejection(result.code, result.message);
    },
  }),
  signIn: t.field({
    type: AuthResultRef,
    description: 'Codes: RATE_LIMITED (too many failures for the username or from the address), INVALID_CREDENTIALS.',
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { env } = ctx.runtime;
      const result = await signInLimited(
        ctx.runtime,
        { failuresPerUsername: env.SIGNIN_FAILURES_PER_USERNAME, failuresPerAddress: env.SIGNIN_FAILURES_PER_ADDRESS },
        args.username,
        args.password,
        ctx.address,
      );
      return result.ok ? authPayload(ctx, result.value) : rejection(result.code, result.message, result.retryAfterMs);
    },
  }),
  signOut: t.boolean({
    description:
      'Revokes the token this request signed in with (Bearer or the session cookie) on every instance, and clears the cookie. Sockets bound to the token end their viewer-only subscriptions with UNAUTHENTICATED (reason CREDENTIAL_REVOKED).',
    resolve: async (_root, _args, ctx) => {
      await revokeSession(ctx.runtime, ctx.credential);
      ctx.setCookie(clearedSessionCookie(ctx.secure));
      return true;
    },
  }),
  deposit: t.field({
    type: DepositResultRef,
    description:
      "Play money. Bounded by the account's deposit limits. Codes in order: INVALID_INPUT, IDEMPOTENCY_CONFLICT, RATE_LIMITED (too many deposit requests a minute; `retryAfterSeconds`), LIMIT_EXCEEDED (LimitRejection, `max` = what is left today).",
    authScopes: { signedIn: true },
    args: { amount: t.arg({ type: 'Money', required: true }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const userId = ctx.viewer!.userId;
      const { env } = ctx.runtime;
      const rate = { limits: ctx.runtime.limits, perMinute: env.DEPOSITS_PER_MINUTE };
      const result = await deposit(ctx.runtime.db, userId, args.amount, args.idempotencyKey, env.DEPOSIT_LIMIT_DEFAULT, rate);
      if (result.ok) return { viewer: await signedInUser(ctx) };
      if (result.code === 'LIMIT_EXCEEDED') return new LimitRejection(result.code, result.message, null, result.maxMinor);
      return rejection(result.code, result.message, result.retryAfterMs);
    },
  }),
  setDepositLimit: t.field({
    type: SetDepositLimitResultRef,
    description: 'Sets the daily deposit limit: lowering applies at once, raising after 24 hours. Codes: INVALID_INPUT.',
    authScopes: { signedIn: true },
    args: { amount: t.arg({ type: 'Money', required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await setDepositLimit(ctx.runtime.db, ctx.viewer!.userId, args.amount, ctx.runtime.env.DEPOSIT_LIMIT_DEFAULT);
      if (!result.ok) return rejection(result.code, result.message);
      return { viewer: await signedInUser(ctx), effective: result.value };
    },
  }),
}));

// Viewer fields that need the wallet live here beside the wallet's mutations.
builder.objectFields(ViewerRef, (t) => ({
  balance: t.field({ type: 'Money', resolve: (user, _args, ctx) => getBalance(ctx.runtime.db, user.id) }),
  depositLimit: t.field({
    type: builder.objectRef<Awaited<ReturnType<typeof getDepositLimit>>>('DepositLimit').implement({
      fields: (f) => ({
        daily: f.field({ type: 'Money', description: 'The limit in force per 24 hours.', resolve: (l) => l.dailyMinor }),
        pending: f.field({ type: 'Money', nullable: true, description: 'A raise waiting its 24 hours.', resolve: (l) => l.pendingMinor }),
        pendingFrom: f.field({ type: 'DateTime', nullable: true, resolve: (l) => l.pendingFrom }),
        usedToday: f.field({ type: 'Money', description: 'Deposited in the last 24 hours.', resolve: (l) => l.usedTodayMinor }),
        remainingToday: f.field({ type: 'Money', resolve: (l) => l.remainingTodayMinor }),
      }),
    }),
    resolve: (user, _args, ctx) => getDepositLimit(ctx.runtime.db, user.id, ctx.runtime.env.DEPOSIT_LIMIT_DEFAULT),
  }),
}));
