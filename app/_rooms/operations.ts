import { graphql } from '../_gql';
import type { BetActivityFieldsFragment, ChallengeFieldsFragment, ChatMessageFieldsFragment, RoomQuery } from '../_gql/graphql';

/** How many challenges the room lists, newest first. */
export const CHALLENGES_SHOWN = 50;

export type ChatMessageNode = ChatMessageFieldsFragment;
export type BetActivityNode = BetActivityFieldsFragment;
export type ChallengeNode = ChallengeFieldsFragment;
export type RoomEvent = NonNullable<RoomQuery['event']>;
export type SelectionStatsNode = RoomEvent['markets'][number]['selections'][number]['stats'];
export type OddsPointNode = NonNullable<RoomEvent['markets'][number]['selections'][number]['oddsHistory']>[number];

export const ChatMessageFields = graphql(`
  fragment ChatMessageFields on ChatMessage { id author text at }
`);

export const BetActivityFields = graphql(`
  fragment BetActivityFields on BetActivity { selection { id name } stakeBand user at stats { betCount totalStaked } }
`);

export const ChallengeFields = graphql(`
  fragment ChallengeFields on Challenge { id selection { id name } odds stake takerStake maker taker status mine takenByMe expiresAt }
`);

/**
 * Everything the room's tabs show, read over HTTP on every (re)connect. The page's server read
 * (first paint) leaves out the odds history (`history: false`): up to 60 points per selection
 * for a chart behind the Stats tab would weigh on every event page's HTML, and the read on
 * connecting brings it.
 */
export const RoomDocument = graphql(`
  query Room($id: ID!, $history: Boolean! = true) {
    event(id: $id) {
      id
      recentJoiners
      recentBets(first: 20) { ...BetActivityFields }
      chat(last: 50) { ...ChatMessageFields }
      challenges(first: 50) { ...ChallengeFields }
      markets { id selections { id stats { betCount totalStaked } oddsHistory(last: 60) @include(if: $history) { odds at } } }
    }
  }
`);

/** The room's challenges, read again whenever one of them changes. */
export const RoomChallengesDocument = graphql(`
  query RoomChallenges($id: ID!) {
    event(id: $id) { id challenges(first: 50) { ...ChallengeFields } }
  }
`);

/** Who came in lately, read again when the room's count changes. */
export const RoomPeopleDocument = graphql(`
  query RoomPeople($id: ID!) {
    event(id: $id) { id recentJoiners }
  }
`);

/** What happens in the room; subscribing also counts this tab in it. */
export const EventActivityDocument = graphql(`
  subscription EventActivity($eventId: ID!) {
    eventActivity(eventId: $eventId) {
      __typename
      ... on BetActivity { ...BetActivityFields }
      ... on ChatMessage { ...ChatMessageFields }
      ... on ParticipantsChanged { count at }
      ... on ChallengeActivity { id status at }
    }
  }
`);

export const SendChatMessageDocument = graphql(`
  mutation SendChatMessage($eventId: ID!, $text: String!) {
    sendChatMessage(eventId: $eventId, text: $text) {
      __typename
      ... on ChatMessage { ...ChatMessageFields }
      ... on UserError { code message }
    }
  }
`);

export const OfferChallengeDocument = graphql(`
  mutation OfferChallenge($selectionId: ID!, $stake: Money!, $odds: Odds!) {
    offerChallenge(selectionId: $selectionId, stake: $stake, odds: $odds) {
      __typename
      ... on ChallengePayload { challenge { ...ChallengeFields } }
      ... on LimitRejection { min max }
      ... on UserError { code message }
    }
  }
`);

export const TakeChallengeDocument = graphql(`
  mutation TakeChallenge($challengeId: ID!) {
    takeChallenge(challengeId: $challengeId) {
      __typename
      ... on ChallengePayload { challenge { ...ChallengeFields } }
      ... on LimitRejection { min max }
      ... on UserError { code message }
    }
  }
`);

export const CancelChallengeDocument = graphql(`
  mutation CancelChallenge($challengeId: ID!) {
    cancelChallenge(challengeId: $challengeId) {
      __typename
      ... on ChallengePayload { challenge { ...ChallengeFields } }
      ... on LimitRejection { min max }
      ... on UserError { code message }
    }
  }
`);
