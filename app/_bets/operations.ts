import { graphql } from '../_gql';
import type { BetStatus } from '../_gql/graphql';

export type BetsTab = 'open' | 'settled';

/** The statuses of each tab of My bets, and how many bets a page holds. */
export const BETS_TABS: Record<BetsTab, BetStatus[]> = { open: ['PENDING', 'OPEN'], settled: ['WON', 'LOST', 'VOID', 'CASHED_OUT', 'REJECTED'] };
export const BETS_PAGE_SIZE = 25;

/** The ticket's page query: the bet with everything its components show. */
export const BetPageDocument = graphql(`
  query BetPage($id: ID!) {
    bet(id: $id) { id ...BetTicket_bet }
  }
`);

/** One tab of My bets (Open: PENDING and OPEN; Settled: the rest), newest first, paged. */
export const BetsPageDocument = graphql(`
  query BetsPage($statusIn: [BetStatus!], $first: Int, $after: String) {
    viewer {
      id
      bets(statusIn: $statusIn, first: $first, after: $after) {
        edges { cursor node { id status ...BetRow_bet } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

/**
 * The viewer's bet updates; with `after`, replays what came since that cursor first. The bet
 * carries what every view of it shows (ticket, timeline included, and list row), so the cache's
 * `Bet:<id>` is complete after each update and nothing is read again.
 */
export const BetUpdatedDocument = graphql(`
  subscription BetUpdated($after: String) {
    betUpdated(after: $after) {
      cursor
      kind
      bet { id status autoCashoutTarget ...BetTicket_bet ...BetRow_bet }
    }
  }
`);

export const PlaceBetDocument = graphql(`
  mutation PlaceBet($input: PlaceBetInput!) {
    placeBet(input: $input) {
      __typename
      ... on BetPlaced { bet { id stake odds ...BetRow_bet } }
      ... on OddsChanged { current { id odds status } }
      ... on LimitRejection { min max }
      ... on UserError { code message }
    }
  }
`);

export const CashoutOfferFields = graphql(`
  fragment CashoutOfferFields on CashoutOffer { id amount percent expiresAt version bet { id } }
`);

/**
 * Live offers for 100% of the viewer's open bets (one bet, or all of them with a null id): one at
 * once, then a fresh one after each odds move on a leg. Their amount is the live cashout value.
 */
export const CashoutOfferedDocument = graphql(`
  subscription CashoutOffered($betId: ID) {
    cashoutOffered(betId: $betId) { ...CashoutOfferFields }
  }
`);

/** Quotes `percent` of the bet's current stake; the offer holds for 30 seconds. */
export const RequestCashoutDocument = graphql(`
  mutation RequestCashout($betId: ID!, $percent: Int) {
    requestCashout(betId: $betId, percent: $percent) {
      __typename
      ... on CashoutOffer { ...CashoutOfferFields }
      ... on UserError { code message }
    }
  }
`);

/** Accepting answers with the bet as it now is, which lands in the cache for the ticket. */
export const AcceptCashoutDocument = graphql(`
  mutation AcceptCashout($offerId: ID!) {
    acceptCashout(offerId: $offerId) {
      __typename
      ... on CashoutAccepted { amount bet { id ...BetTicket_bet } }
      ... on PriceChanged { offer { ...CashoutOfferFields } }
      ... on UserError { code message }
    }
  }
`);

/** Sets the auto-cashout target of a bet; a null target clears it. */
export const SetAutoCashoutDocument = graphql(`
  mutation SetAutoCashout($betId: ID!, $target: Money) {
    setAutoCashout(betId: $betId, target: $target) {
      __typename
      ... on AutoCashoutSet { bet { id autoCashoutTarget } }
      ... on AutoCashoutTargetTooHigh { maxTarget }
      ... on UserError { code message }
    }
  }
`);
