import { gql, type TypedDocumentNode } from '@apollo/client';

/** How many deliveries each webhook's history shows (newest first). */
export const DELIVERIES_SHOWN = 20;

export type ApiScope = 'READ' | 'BET';
export const API_SCOPES: readonly ApiScope[] = ['READ', 'BET'];

export const SCOPE_HELP: Record<ApiScope, string> = {
  READ: 'Events, odds and public subscriptions.',
  BET: "Act for your account: wallet, bets, cashout and bet updates.",
};

/** An API key as listed: the secret itself is never readable again, only its prefix. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** `sbk_<12 hex>`: how the whole key starts. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryView {
  id: string;
  /** The bet update it announces: SETTLED, RESETTLED, CASHED_OUT, PARTIALLY_CASHED_OUT. */
  kind: string;
  betId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
}

export interface WebhookView {
  id: string;
  url: string;
  createdAt: string;
  deliveries: DeliveryView[];
}

export interface DeveloperData {
  apiKeys: ApiKeyView[];
  webhooks: WebhookView[];
}

const API_KEY_FIELDS = 'id name prefix scopes createdAt lastUsedAt revokedAt';
const WEBHOOK_FIELDS = `id url createdAt deliveries(first: ${DELIVERIES_SHOWN}) { id kind betId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt }`;

/** Everything the developers page shows: the viewer's keys and webhooks with recent deliveries. */
export const DEVELOPER: TypedDocumentNode<{ viewer: (DeveloperData & { id: string }) | null }, Record<string, never>> = gql`
  query Developer {
    viewer { id apiKeys { ${API_KEY_FIELDS} } webhooks { ${WEBHOOK_FIELDS} } }
  }
`;

type Rejection = { __typename: 'Rejection'; code: string; message: string };

export type CreateApiKeyResult = { __typename: 'ApiKeyCreated'; key: string; apiKey: ApiKeyView } | Rejection;

export const CREATE_API_KEY: TypedDocumentNode<{ createApiKey: CreateApiKeyResult }, { name: string; scopes: ApiScope[] }> = gql`
  mutation CreateApiKey($name: String!, $scopes: [ApiScope!]!) {
    createApiKey(name: $name, scopes: $scopes) {
      __typename
      ... on ApiKeyCreated { key apiKey { ${API_KEY_FIELDS} } }
      ... on Rejection { code message }
    }
  }
`;

export const REVOKE_API_KEY: TypedDocumentNode<{ revokeApiKey: ApiKeyView | null }, { id: string }> = gql`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { ${API_KEY_FIELDS} }
  }
`;

export type RegisterWebhookResult = { __typename: 'WebhookCreated'; secret: string; webhook: WebhookView } | Rejection;

export const REGISTER_WEBHOOK: TypedDocumentNode<{ registerWebhook: RegisterWebhookResult }, { url: string }> = gql`
  mutation RegisterWebhook($url: String!) {
    registerWebhook(url: $url) {
      __typename
      ... on WebhookCreated { secret webhook { ${WEBHOOK_FIELDS} } }
      ... on Rejection { code message }
    }
  }
`;

export const DELETE_WEBHOOK: TypedDocumentNode<{ deleteWebhook: boolean }, { id: string }> = gql`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`;
