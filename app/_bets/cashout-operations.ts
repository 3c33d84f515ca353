import { gql, type TypedDocumentNode } from '@apollo/client';
import { BET_FIELDS, type BetNode } from './operations';

/** A cashout offer as GraphQL answers it: money as decimal strings, `expiresAt` on the server's clock. */
export interface CashoutOfferNode {
  id: string;
  amount: string;
  /** Share of the current stake, 1 to 100. */
  percent: number;
  expiresAt: string;
  bet: { id: string };
}

const OFFER_FIELDS = `id amount percent expiresAt bet { id }`;

interface RejectionNode {
  __typename: 'Rejection';
  code: string;
  message: string;
}

/**
 * Live offers for 100% of the viewer's open bets (one bet, or all of them with a null id): one at
 * once, then a fresh one after each odds move on a leg. Their amount is the live cashout value.
 */
export const CASHOUT_OFFERED: TypedDocumentNode<{ cashoutOffered: CashoutOfferNode }, { betId: string | null }> = gql`
  subscription CashoutOffered($betId: ID) {
    cashoutOffered(betId: $betId) { ${OFFER_FIELDS} }
  }
`;

export type RequestCashoutResult = ({ __typename: 'CashoutOffer' } & CashoutOfferNode) | RejectionNode;

/** Quotes `percent` of the bet's current stake; the offer holds for 30 seconds. */
export const REQUEST_CASHOUT: TypedDocumentNode<{ requestCashout: RequestCashoutResult }, { betId: string; percent: number }> = gql`
  mutation RequestCashout($betId: ID!, $percent: Int) {
    requestCashout(betId: $betId, percent: $percent) {
      __typename
      ... on CashoutOffer { ${OFFER_FIELDS} }
      ... on Rejection { code message }
    }
  }
`;

export type AcceptCashoutResult =
  | { __typename: 'CashoutAccepted'; amount: string; bet: BetNode }
  | { __typename: 'PriceChanged'; code: string; message: string; offer: CashoutOfferNode | null }
  | RejectionNode;

export const ACCEPT_CASHOUT: TypedDocumentNode<{ acceptCashout: AcceptCashoutResult }, { offerId: string }> = gql`
  mutation AcceptCashout($offerId: ID!) {
    acceptCashout(offerId: $offerId) {
      __typename
      ... on CashoutAccepted { amount bet { ${BET_FIELDS} } }
      ... on PriceChanged { code message offer { ${OFFER_FIELDS} } }
      ... on Rejection { code message }
    }
  }
`;

export type SetAutoCashoutResult = { __typename: 'AutoCashoutSet'; bet: BetNode } | RejectionNode;

/** Sets the auto-cashout target of a bet; a null target clears it. */
export const SET_AUTO_CASHOUT: TypedDocumentNode<{ setAutoCashout: SetAutoCashoutResult }, { betId: string; target: string | null }> = gql`
  mutation SetAutoCashout($betId: ID!, $target: Money) {
    setAutoCashout(betId: $betId, target: $target) {
      __typename
      ... on AutoCashoutSet { bet { ${BET_FIELDS} } }
      ... on Rejection { code message }
    }
  }
`;
