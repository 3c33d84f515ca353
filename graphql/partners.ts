import { GraphQLError } from 'graphql';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from '../lib/auth/api-keys';
import { deleteWebhook, listDeliveries, listWebhooks, registerWebhook, type WebhookView } from '../lib/webhooks/webhooks';
import { builder } from './builder';
import type { Context } from './context';
import { Rejection, rejection } from './user-errors';
import { ViewerRef } from './viewer';
import { isId } from '../lib/ids';

const ApiScopeEnum = builder.enumType('ApiScope', {
  values: {
    READ: { value: 'read', description: 'Events, odds and public subscriptions.' },
    BET: { value: 'bet', description: "Act for the key's own account: wallet, bets, cashout, bet updates." },
  } as const,
});

const ApiKeyRef = builder.objectRef<ApiKeyView>('ApiKey').implement({
  description: 'An API key. The secret is shown once, when created; only its prefix is kept readable.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.string({ description: 'Starts the key: sbk_<prefix>_…', resolve: (k) => `sbk_${k.prefix}` }),
    scopes: t.field({ type: [ApiScopeEnum], resolve: (k) => k.scopes }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.lastUsedAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
  }),
});

type Delivery = Awaited<ReturnType<typeof listDeliveries>>[number];
const WebhookDeliveryRef = builder.objectRef<Delivery>('WebhookDelivery').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind'),
    betId: t.exposeID('betId'),
    status: t.exposeString('status', { description: 'PENDING (retrying with backoff), DELIVERED or FAILED.' }),
    attempts: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt }),
    nextAttemptAt: t.field({ type: 'DateTime', resolve: (d) => d.nextAttemptAt }),
  }),
});

const WebhookRef = builder.objectRef<WebhookView>('Webhook').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    createdAt: t.field({ type: 'DateTime', resolve: (w) => w.createdAt }),
    deliveries: t.field({
      type: [WebhookDeliveryRef],
      description: 'Newest first. `first` is 1 to 100, default 20.',
      args: { first: t.arg.int() },
      resolve: (w, args, ctx) => listDeliveries(ctx.runtime.db, w.id, Math.min(100, Math.max(1, args.first ?? 20))),
    }),
  }),
});

/** Keys and webhooks are managed by the signed-in person, never with an API key (no escalation). */
function requireUser(ctx: Context): string {
  if (ctx.caller.kind !== 'user' || !ctx.viewer) {
    throw new GraphQLError('Managing keys and webhooks needs a signed-in user, not an API key.', { extensions: { code: ctx.viewer || ctx.caller.kind === 'key' ? 'FORBIDDEN' : 'UNAUTHENTICATED' } });
  }
  return ctx.viewer.userId;
}

builder.objectFields(ViewerRef, (t) => ({
  apiKeys: t.field({ type: [ApiKeyRef], resolve: (_user, _args, ctx) => listApiKeys(ctx.runtime.db, requireUser(ctx)) }),
  webhooks: t.field({ type: [WebhookRef], resolve: (_user, _args, ctx) => listWebhooks(ctx.runtime.db, requireUser(ctx)) }),
}));

const ApiKeyCreatedRef = builder.objectRef<{ key: string; apiKey: ApiKeyView }>('ApiKeyCreated').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The whole key. Store it now: it is never shown again.' }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (v) => v.apiKey }),
  }),
});
const WebhookCreatedRef = builder.objectRef<{ secret: string; webhook: WebhookView }>('WebhookCreated').implement({
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'Verifies the X-Sportsbook-Signature of deliveries. Shown once.' }),
    webhook: t.field({ type: WebhookRef, resolve: (v) => v.webhook }),
  }),
});

// Result unions: a returned rejection resolves to its class's member, anything else is the success.
const CreateApiKeyResultRef = builder.errorUnion('CreateApiKeyResult', {
  description: 'Codes: INVALID_INPUT, LIMIT_EXCEEDED.',
  types: [ApiKeyCreatedRef, Rejection],
  resolveType: () => ApiKeyCreatedRef,
});
const RegisterWebhookResultRef = builder.errorUnion('RegisterWebhookResult', {
  description: 'Codes: INVALID_INPUT, LIMIT_EXCEEDED.',
  types: [WebhookCreatedRef, Rejection],
  resolveType: () => WebhookCreatedRef,
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreateApiKeyResultRef,
    description: 'Creates an API key for your account (signed-in users only). Send it as `X-Api-Key` or `Authorization: Bearer`, or as `apiKey` in connection_init.',
    args: { name: t.arg.string({ required: true }), scopes: t.arg({ type: [ApiScopeEnum], required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await createApiKey(ctx.runtime.db, requireUser(ctx), args.name, args.scopes);
      return result.ok ? { key: result.key, apiKey: result.view } : rejection(result.code, result.message);
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    nullable: true,
    description: 'Revokes one of your keys at once. Null for an unknown id or someone else’s key.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const userId = requireUser(ctx);
      return isId(args.id) ? revokeApiKey(ctx.runtime, userId, args.id) : null;
    },
  }),
  registerWebhook: t.field({
    type: RegisterWebhookResultRef,
    description:
      'Registers an https URL on a public host to receive your bets’ SETTLED, RESETTLED, CASHED_OUT and PARTIALLY_CASHED_OUT updates, signed and retried. Loopback, private, link-local, metadata and unspecified addresses are refused in every spelling (http://localhost only where the server allows loopback, in development).',
    args: { url: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const policy = { allowLoopback: ctx.runtime.env.WEBHOOK_ALLOW_LOOPBACK === 'on' };
      const result = await registerWebhook(ctx.runtime.db, requireUser(ctx), args.url, policy);
      return result.ok ? { secret: result.secret, webhook: result.webhook } : rejection(result.code, result.message);
    },
  }),
  deleteWebhook: t.boolean({
    description: 'Stops deliveries to one of your webhooks. False for an unknown id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const userId = requireUser(ctx);
      return isId(args.id) ? deleteWebhook(ctx.runtime.db, userId, args.id) : false;
    },
  }),
}));
