import { gql, type TypedDocumentNode } from '@apollo/client';

/** What the header shows of the signed-in user. */
export interface ViewerSummary {
  id: string;
  username: string;
  /** Money as a decimal string, e.g. "100.00". */
  balance: string;
}

/** The signed-in user (null when signed out); the header reads it from the Apollo cache. */
export const VIEWER: TypedDocumentNode<{ viewer: (ViewerSummary & { __typename?: 'Viewer' }) | null }, Record<string, never>> = gql`
  query Viewer {
    viewer { id username balance }
  }
`;

export type AuthResult =
  | { __typename: 'AuthPayload'; viewer: ViewerSummary }
  | { __typename: 'Rejection'; code: string; message: string };

/** The token in the answer is not read: the server also sets the httpOnly session cookie. */
export const SIGN_IN: TypedDocumentNode<{ signIn: AuthResult }, { username: string; password: string }> = gql`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) {
      __typename
      ... on AuthPayload { viewer { id username balance } }
      ... on Rejection { code message }
    }
  }
`;

export const SIGN_UP: TypedDocumentNode<{ signUp: AuthResult }, { username: string; password: string }> = gql`
  mutation SignUp($username: String!, $password: String!) {
    signUp(username: $username, password: $password) {
      __typename
      ... on AuthPayload { viewer { id username balance } }
      ... on Rejection { code message }
    }
  }
`;

export const SIGN_OUT: TypedDocumentNode<{ signOut: boolean }, Record<string, never>> = gql`
  mutation SignOut {
    signOut
  }
`;

export interface DepositLimitView {
  daily: string;
  pending: string | null;
  pendingFrom: string | null;
  usedToday: string;
  remainingToday: string;
}

export interface WalletViewer extends ViewerSummary {
  depositLimit: DepositLimitView;
}

const WALLET_FIELDS = `id username balance depositLimit { daily pending pendingFrom usedToday remainingToday }`;

/** The wallet page: balance and the daily deposit limit. */
export const WALLET: TypedDocumentNode<{ viewer: WalletViewer | null }, Record<string, never>> = gql`
  query Wallet {
    viewer { ${WALLET_FIELDS} }
  }
`;

type AmountRejection =
  | { __typename: 'Rejection'; code: string; message: string }
  | { __typename: 'LimitRejection'; code: string; message: string; min: string | null; max: string | null };

export type DepositResult = { __typename: 'Deposited'; viewer: WalletViewer } | AmountRejection;

export const DEPOSIT: TypedDocumentNode<{ deposit: DepositResult }, { amount: string; idempotencyKey: string }> = gql`
  mutation Deposit($amount: Money!, $idempotencyKey: String!) {
    deposit(amount: $amount, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Deposited { viewer { ${WALLET_FIELDS} } }
      ... on LimitRejection { code message min max }
      ... on Rejection { code message }
    }
  }
`;

export type SetDepositLimitResult = { __typename: 'DepositLimitSet'; raisePending: boolean; viewer: WalletViewer } | AmountRejection;

export const SET_DEPOSIT_LIMIT: TypedDocumentNode<{ setDepositLimit: SetDepositLimitResult }, { amount: string }> = gql`
  mutation SetDepositLimit($amount: Money!) {
    setDepositLimit(amount: $amount) {
      __typename
      ... on DepositLimitSet { raisePending viewer { ${WALLET_FIELDS} } }
      ... on LimitRejection { code message min max }
      ... on Rejection { code message }
    }
  }
`;
