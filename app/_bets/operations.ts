import { gql, type TypedDocumentNode } from '@apollo/client';
import type { MarketStatus, SelectionStatus } from '../_live/types';
import type { BetStatus, BetUpdateKind, LiveBet } from './types';

/** Every field the browser holds of a bet; mutations that change a bet answer with these too. */
export const BET_FIELDS = `
  id status stake odds potentialPayout payout autoCashoutTarget placedAt settledAt acceptAt rejectionReason
  legs {
    odds requestedOdds status
    selection { id name odds status }
    event { id name }
    market { id name status }
  }
`;

/** A bet as GraphQL answers it. */
export interface BetNode {
  id: string;
  status: BetStatus;
  stake: string;
  odds: string;
  potentialPayout: string;
  payout: string;
  autoCashoutTarget: string | null;
  placedAt: string;
  settledAt: string | null;
  acceptAt: string | null;
  rejectionReason: string | null;
  legs: Array<{
    odds: string;
    requestedOdds: string;
    status: SelectionStatus;
    selection: { id: string; name: string; odds: string; status: SelectionStatus };
    event: { id: string; name: string };
    market: { id: string; name: string; status: MarketStatus };
  }>;
}

/** The GraphQL shape in the browser's shape. */
export function fromBetNode(node: BetNode): LiveBet {
  return {
    id: node.id,
    status: node.status,
    stake: node.stake,
    odds: node.odds,
    potentialPayout: node.potentialPayout,
    payout: node.payout,
    autoCashoutTarget: node.autoCashoutTarget,
    placedAt: node.placedAt,
    settledAt: node.settledAt,
    acceptAt: node.acceptAt,
    rejectionReason: node.rejectionReason,
    legs: node.legs.map((leg) => ({
      selectionId: leg.selection.id,
      selectionName: leg.selection.name,
      eventId: leg.event.id,
      eventName: leg.event.name,
      marketId: leg.market.id,
      marketName: leg.market.name,
      marketStatus: leg.market.status,
      odds: leg.odds,
      requestedOdds: leg.requestedOdds,
      currentOdds: leg.selection.odds,
      status: leg.status,
    })),
  };
}

export interface BetUpdatedData {
  betUpdated: { cursor: string; kind: BetUpdateKind; bet: BetNode };
}

/** The viewer's bet updates; with `after`, replays what came since that cursor first. */
export const BET_UPDATED: TypedDocumentNode<BetUpdatedData, { after?: string | null }> = gql`
  subscription BetUpdated($after: String) {
    betUpdated(after: $after) {
      cursor
      kind
      bet { ${BET_FIELDS} }
    }
  }
`;

/** One update in the life of a bet, for the ticket's timeline. */
export interface BetTimelineEntry {
  kind: BetUpdateKind;
  /** ISO 8601. */
  at: string;
}

/** One of the viewer's bets with its timeline, read over HTTP to re-sync the ticket after (re)connecting. */
export const BET: TypedDocumentNode<{ bet: (BetNode & { timeline: BetTimelineEntry[] }) | null }, { id: string }> = gql`
  query Bet($id: ID!) {
    bet(id: $id) { ${BET_FIELDS} timeline { kind at } }
  }
`;

/** A bet's timeline alone: read again after each of its updates. */
export const BET_TIMELINE: TypedDocumentNode<{ bet: { id: string; timeline: BetTimelineEntry[] } | null }, { id: string }> = gql`
  query BetTimeline($id: ID!) {
    bet(id: $id) { id timeline { kind at } }
  }
`;

export type OddsChangePolicy = 'NONE' | 'HIGHER' | 'ANY';

export interface PlaceBetInput {
  legs: Array<{ selectionId: string; odds: string }>;
  stake: string;
  idempotencyKey: string;
  oddsChangePolicy: OddsChangePolicy;
}

export type PlaceBetResult =
  | { __typename: 'BetPlaced'; bet: BetNode }
  | { __typename: 'OddsChanged'; code: string; message: string; current: Array<{ id: string; odds: string; status: SelectionStatus }> }
  | { __typename: 'LimitRejection'; code: string; message: string; min: string | null; max: string | null }
  | { __typename: 'Rejection'; code: string; message: string };

export const PLACE_BET: TypedDocumentNode<{ placeBet: PlaceBetResult }, { input: PlaceBetInput }> = gql`
  mutation PlaceBet($input: PlaceBetInput!) {
    placeBet(input: $input) {
      __typename
      ... on BetPlaced { bet { ${BET_FIELDS} } }
      ... on OddsChanged { code message current { id odds status } }
      ... on LimitRejection { code message min max }
      ... on Rejection { code message }
    }
  }
`;
