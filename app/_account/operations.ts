import { graphql } from '../_gql';
import type { ViewerSummaryFragment, WalletFieldsFragment } from '../_gql/graphql';

/** What the header shows of the signed-in user. */
export type ViewerSummary = ViewerSummaryFragment;
export type DepositLimitView = WalletFieldsFragment['depositLimit'];

export const ViewerSummaryFields = graphql(`
  fragment ViewerSummary on Viewer { id username balance }
`);

/** The signed-in user (null when signed out); the layout renders it and the header reads it from the cache. */
export const ViewerDocument = graphql(`
  query Viewer {
    viewer { ...ViewerSummary }
  }
`);

/**
 * What the layout renders for every page: the header's viewer, and where the viewer's bet updates
 * stand now, so the tab's `betUpdated` subscription resumes from this moment even before its first
 * update arrives.
 */
export const LayoutDocument = graphql(`
  query Layout {
    viewer { ...ViewerSummary betUpdatesCursor }
  }
`);

/** The token in the answer is not read: the server also sets the httpOnly session cookie. */
export const SignInDocument = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) {
      __typename
      ... on AuthPayload { viewer { ...ViewerSummary } }
      ... on UserError { code message }
    }
  }
`);

export const SignUpDocument = graphql(`
  mutation SignUp($username: String!, $password: String!) {
    signUp(username: $username, password: $password) {
      __typename
      ... on AuthPayload { viewer { ...ViewerSummary } }
      ... on UserError { code message }
    }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const WalletFields = graphql(`
  fragment WalletFields on Viewer { id username balance depositLimit { daily pending pendingFrom usedToday remainingToday } }
`);

/** The wallet page: balance and the daily deposit limit. */
export const WalletDocument = graphql(`
  query Wallet {
    viewer { ...WalletFields }
  }
`);

export const DepositDocument = graphql(`
  mutation Deposit($amount: Money!, $idempotencyKey: String!) {
    deposit(amount: $amount, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Deposited { viewer { ...WalletFields } }
      ... on LimitRejection { min max }
      ... on UserError { code message }
    }
  }
`);

export const SetDepositLimitDocument = graphql(`
  mutation SetDepositLimit($amount: Money!) {
    setDepositLimit(amount: $amount) {
      __typename
      ... on DepositLimitSet { raisePending viewer { ...WalletFields } }
      ... on LimitRejection { min max }
      ... on UserError { code message }
    }
  }
`);
