import { gql, type TypedDocumentNode } from '@apollo/client';

/** What a selection has taken: accepted and pending bets (money as a decimal string). */
export interface SelectionStatsNode {
  betCount: number;
  totalStaked: string;
}

/** One point of a selection's odds history. */
export interface OddsPointNode {
  odds: string;
  /** ISO 8601. */
  at: string;
}

export interface ChatMessageNode {
  __typename?: 'ChatMessage';
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface BetActivityNode {
  __typename?: 'BetActivity';
  selection: { id: string; name: string };
  stakeBand: string;
  user: string;
  at: string;
  stats: SelectionStatsNode;
}

export type ChallengeStatus = 'OPEN' | 'TAKEN' | 'CANCELLED' | 'EXPIRED' | 'WON' | 'LOST' | 'VOID';

export interface ChallengeNode {
  id: string;
  selection: { id: string; name: string };
  odds: string;
  stake: string;
  takerStake: string;
  maker: string;
  taker: string | null;
  status: ChallengeStatus;
  mine: boolean;
  takenByMe: boolean;
  expiresAt: string;
}

const CHALLENGE_FIELDS = `id selection { id name } odds stake takerStake maker taker status mine takenByMe expiresAt`;
const BET_ACTIVITY_FIELDS = `selection { id name } stakeBand user at stats { betCount totalStaked }`;

/** How many challenges the room lists, newest first. */
export const CHALLENGES_SHOWN = 50;

export interface RoomData {
  event: {
    id: string;
    recentJoiners: string[];
    recentBets: BetActivityNode[];
    chat: ChatMessageNode[];
    challenges: ChallengeNode[];
    markets: Array<{ id: string; selections: Array<{ id: string; stats: SelectionStatsNode; oddsHistory: OddsPointNode[] }> }>;
  } | null;
}

/** Everything the room's tabs show, read over HTTP on every (re)connect. */
export const ROOM: TypedDocumentNode<RoomData, { id: string }> = gql`
  query Room($id: ID!) {
    event(id: $id) {
      id
      recentJoiners
      recentBets(first: 20) { ${BET_ACTIVITY_FIELDS} }
      chat(last: 50) { id author text at }
      challenges(first: ${CHALLENGES_SHOWN}) { ${CHALLENGE_FIELDS} }
      markets { id selections { id stats { betCount totalStaked } oddsHistory(last: 60) { odds at } } }
    }
  }
`;

/** The room's challenges, read again whenever one of them changes. */
export const ROOM_CHALLENGES: TypedDocumentNode<{ event: { id: string; challenges: ChallengeNode[] } | null }, { id: string }> = gql`
  query RoomChallenges($id: ID!) {
    event(id: $id) { id challenges(first: ${CHALLENGES_SHOWN}) { ${CHALLENGE_FIELDS} } }
  }
`;

/** Who came in lately, read again when the room's count changes. */
export const ROOM_PEOPLE: TypedDocumentNode<{ event: { id: string; recentJoiners: string[] } | null }, { id: string }> = gql`
  query RoomPeople($id: ID!) {
    event(id: $id) { id recentJoiners }
  }
`;

export type EventActivityNode =
  | (BetActivityNode & { __typename: 'BetActivity' })
  | (ChatMessageNode & { __typename: 'ChatMessage' })
  | { __typename: 'ParticipantsChanged'; count: number; at: string }
  | { __typename: 'ChallengeActivity'; id: string; status: string; at: string };

/** What happens in the room; subscribing also counts this tab in it. */
export const EVENT_ACTIVITY: TypedDocumentNode<{ eventActivity: EventActivityNode }, { eventId: string }> = gql`
  subscription EventActivity($eventId: ID!) {
    eventActivity(eventId: $eventId) {
      __typename
      ... on BetActivity { ${BET_ACTIVITY_FIELDS} }
      ... on ChatMessage { id author text at }
      ... on ParticipantsChanged { count at }
      ... on ChallengeActivity { id status at }
    }
  }
`;

type Rejection = { __typename: 'Rejection'; code: string; message: string };
type LimitRejection = { __typename: 'LimitRejection'; code: string; message: string; min: string | null; max: string | null };

export type SendChatResult = (ChatMessageNode & { __typename: 'ChatMessage' }) | Rejection;

export const SEND_CHAT_MESSAGE: TypedDocumentNode<{ sendChatMessage: SendChatResult }, { eventId: string; text: string }> = gql`
  mutation SendChatMessage($eventId: ID!, $text: String!) {
    sendChatMessage(eventId: $eventId, text: $text) {
      __typename
      ... on ChatMessage { id author text at }
      ... on Rejection { code message }
    }
  }
`;

export type ChallengeResult = { __typename: 'ChallengePayload'; challenge: ChallengeNode } | Rejection | LimitRejection;

const CHALLENGE_RESULT = `
  __typename
  ... on ChallengePayload { challenge { ${CHALLENGE_FIELDS} } }
  ... on LimitRejection { code message min max }
  ... on Rejection { code message }
`;

export const OFFER_CHALLENGE: TypedDocumentNode<{ offerChallenge: ChallengeResult }, { selectionId: string; stake: string; odds: string }> = gql`
  mutation OfferChallenge($selectionId: ID!, $stake: Money!, $odds: Odds!) {
    offerChallenge(selectionId: $selectionId, stake: $stake, odds: $odds) { ${CHALLENGE_RESULT} }
  }
`;

export const TAKE_CHALLENGE: TypedDocumentNode<{ takeChallenge: ChallengeResult }, { challengeId: string }> = gql`
  mutation TakeChallenge($challengeId: ID!) {
    takeChallenge(challengeId: $challengeId) { ${CHALLENGE_RESULT} }
  }
`;

export const CANCEL_CHALLENGE: TypedDocumentNode<{ cancelChallenge: ChallengeResult }, { challengeId: string }> = gql`
  mutation CancelChallenge($challengeId: ID!) {
    cancelChallenge(challengeId: $challengeId) { ${CHALLENGE_RESULT} }
  }
`;
