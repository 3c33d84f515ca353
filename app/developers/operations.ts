import { graphql } from '../_gql';
import type { ApiKeyFieldsFragment, ApiScope, DeveloperQuery, WebhookFieldsFragment } from '../_gql/graphql';

/** How many deliveries each webhook's history shows (newest first); the same number is in the fragment. */
export const DELIVERIES_SHOWN = 20;

export type { ApiScope };
export const API_SCOPES: readonly ApiScope[] = ['READ', 'BET'];

export const SCOPE_HELP: Record<ApiScope, string> = {
  READ: 'Events, odds and public subscriptions.',
  BET: "Act for your account: wallet, bets, cashout and bet updates.",
};

/** An API key as listed: the secret itself is never readable again, only its prefix. */
export type ApiKeyView = ApiKeyFieldsFragment;
export type WebhookView = WebhookFieldsFragment;
export type DeliveryView = WebhookFieldsFragment['deliveries'][number];
export type DeveloperData = NonNullable<DeveloperQuery['viewer']>;

export const ApiKeyFields = graphql(`
  fragment ApiKeyFields on ApiKey { id name prefix scopes createdAt lastUsedAt revokedAt }
`);

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    createdAt
    deliveries(first: 20) { id kind betId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt }
  }
`);

/** Everything the developers page shows: the viewer's keys and webhooks with recent deliveries. */
export const DeveloperDocument = graphql(`
  query Developer {
    viewer { id apiKeys { ...ApiKeyFields } webhooks { ...WebhookFields } }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($name: String!, $scopes: [ApiScope!]!) {
    createApiKey(name: $name, scopes: $scopes) {
      __typename
      ... on ApiKeyCreated { key apiKey { ...ApiKeyFields } }
      ... on UserError { code message }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { ...ApiKeyFields }
  }
`);

export const RegisterWebhookDocument = graphql(`
  mutation RegisterWebhook($url: String!) {
    registerWebhook(url: $url) {
      __typename
      ... on WebhookCreated { secret webhook { ...WebhookFields } }
      ... on UserError { code message }
    }
  }
`);

export const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);
