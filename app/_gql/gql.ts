/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ViewerSummary on Viewer { id username balance }\n": typeof types.ViewerSummaryFragmentDoc,
    "\n  query Viewer {\n    viewer { ...ViewerSummary }\n  }\n": typeof types.ViewerDocument,
    "\n  query Layout {\n    viewer { ...ViewerSummary betUpdatesCursor }\n  }\n": typeof types.LayoutDocument,
    "\n  mutation SignIn($username: String!, $password: String!) {\n    signIn(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  fragment WalletFields on Viewer { id username balance depositLimit { daily pending pendingFrom usedToday remainingToday } }\n": typeof types.WalletFieldsFragmentDoc,
    "\n  query Wallet {\n    viewer { ...WalletFields }\n  }\n": typeof types.WalletDocument,
    "\n  mutation Deposit($amount: Money!, $idempotencyKey: String!) {\n    deposit(amount: $amount, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Deposited { viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.DepositDocument,
    "\n  mutation SetDepositLimit($amount: Money!) {\n    setDepositLimit(amount: $amount) {\n      __typename\n      ... on DepositLimitSet { raisePending viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.SetDepositLimitDocument,
    "\n  fragment BetRow_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    payout\n    placedAt\n    legs { selection { id name } event { id name } }\n  }\n": typeof types.BetRow_BetFragmentDoc,
    "\n  fragment BetTicket_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    potentialProfit\n    payout\n    autoCashoutTarget\n    placedAt\n    settledAt\n    acceptAt\n    rejectionReason\n    rejectionCode\n    legs { ...LegRow_leg }\n    timeline { kind at }\n  }\n": typeof types.BetTicket_BetFragmentDoc,
    "\n  fragment LegRow_leg on BetLeg {\n    odds\n    requestedOdds\n    status\n    selection { id name odds status }\n    event { id name }\n    market { id name status }\n  }\n": typeof types.LegRow_LegFragmentDoc,
    "\n  query BetPage($id: ID!) {\n    bet(id: $id) { id ...BetTicket_bet }\n  }\n": typeof types.BetPageDocument,
    "\n  query BetsPage($statusIn: [BetStatus!], $first: Int, $after: String) {\n    viewer {\n      id\n      bets(statusIn: $statusIn, first: $first, after: $after) {\n        edges { cursor node { id status ...BetRow_bet } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.BetsPageDocument,
    "\n  subscription BetUpdated($after: String) {\n    betUpdated(after: $after) {\n      cursor\n      kind\n      bet { id status autoCashoutTarget ...BetTicket_bet ...BetRow_bet }\n    }\n  }\n": typeof types.BetUpdatedDocument,
    "\n  mutation PlaceBet($input: PlaceBetInput!) {\n    placeBet(input: $input) {\n      __typename\n      ... on BetPlaced { bet { id stake odds ...BetRow_bet } }\n      ... on OddsChanged { current { id odds status } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.PlaceBetDocument,
    "\n  fragment CashoutOfferFields on CashoutOffer { id amount percent expiresAt version bet { id } }\n": typeof types.CashoutOfferFieldsFragmentDoc,
    "\n  subscription CashoutOffered($betId: ID) {\n    cashoutOffered(betId: $betId) { ...CashoutOfferFields }\n  }\n": typeof types.CashoutOfferedDocument,
    "\n  mutation RequestCashout($betId: ID!, $percent: Int) {\n    requestCashout(betId: $betId, percent: $percent) {\n      __typename\n      ... on CashoutOffer { ...CashoutOfferFields }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.RequestCashoutDocument,
    "\n  mutation AcceptCashout($offerId: ID!) {\n    acceptCashout(offerId: $offerId) {\n      __typename\n      ... on CashoutAccepted { amount bet { id ...BetTicket_bet } }\n      ... on PriceChanged { offer { ...CashoutOfferFields } }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.AcceptCashoutDocument,
    "\n  mutation SetAutoCashout($betId: ID!, $target: Money) {\n    setAutoCashout(betId: $betId, target: $target) {\n      __typename\n      ... on AutoCashoutSet { bet { id autoCashoutTarget } }\n      ... on AutoCashoutTargetTooHigh { maxTarget }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.SetAutoCashoutDocument,
    "\n  query EventPage($id: ID!) {\n    event(id: $id) {\n      id\n      sport\n      name\n      home\n      away\n      startsAt\n      status\n      score { home away }\n      clock\n      participants\n      markets { id ...MarketCard_market }\n    }\n  }\n": typeof types.EventPageDocument,
    "\n  fragment EventRow_event on Event {\n    id\n    name\n    home\n    away\n    status\n    clock\n    startsAt\n    score { home away }\n    markets { id name status selections { id ...OddsButton_selection } }\n  }\n": typeof types.EventRow_EventFragmentDoc,
    "\n  query Lobby {\n    live: events(status: LIVE, first: 100) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n    upcoming: events(status: UPCOMING, first: 40) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.LobbyDocument,
    "\n  fragment MarketCard_market on Market {\n    id\n    name\n    status\n    selections { id ...OddsButton_selection }\n  }\n": typeof types.MarketCard_MarketFragmentDoc,
    "\n  fragment OddsButton_selection on Selection {\n    id\n    name\n    odds\n    status\n  }\n": typeof types.OddsButton_SelectionFragmentDoc,
    "\n  subscription OddsChanged($eventId: ID!) {\n    oddsChanged(eventId: $eventId) {\n      event { id status score { home away } clock }\n      markets { id name status selections { id name odds previousOdds status } }\n    }\n  }\n": typeof types.OddsChangedDocument,
    "\n  subscription EventUpdated($eventId: ID!) {\n    eventUpdated(eventId: $eventId) { id status score { home away } clock participants }\n  }\n": typeof types.EventUpdatedDocument,
    "\n  fragment ChatMessageFields on ChatMessage { id author text at }\n": typeof types.ChatMessageFieldsFragmentDoc,
    "\n  fragment BetActivityFields on BetActivity { selection { id name } stakeBand user at stats { betCount totalStaked } }\n": typeof types.BetActivityFieldsFragmentDoc,
    "\n  fragment ChallengeFields on Challenge { id selection { id name } odds stake takerStake maker taker status mine takenByMe expiresAt }\n": typeof types.ChallengeFieldsFragmentDoc,
    "\n  query Room($id: ID!, $history: Boolean! = true) {\n    event(id: $id) {\n      id\n      recentJoiners\n      recentBets(first: 20) { ...BetActivityFields }\n      chat(last: 50) { ...ChatMessageFields }\n      challenges(first: 50) { ...ChallengeFields }\n      markets { id selections { id stats { betCount totalStaked } oddsHistory(last: 60) @include(if: $history) { odds at } } }\n    }\n  }\n": typeof types.RoomDocument,
    "\n  query RoomChallenges($id: ID!) {\n    event(id: $id) { id challenges(first: 50) { ...ChallengeFields } }\n  }\n": typeof types.RoomChallengesDocument,
    "\n  query RoomPeople($id: ID!) {\n    event(id: $id) { id recentJoiners }\n  }\n": typeof types.RoomPeopleDocument,
    "\n  subscription EventActivity($eventId: ID!) {\n    eventActivity(eventId: $eventId) {\n      __typename\n      ... on BetActivity { ...BetActivityFields }\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on ParticipantsChanged { count at }\n      ... on ChallengeActivity { id status at }\n    }\n  }\n": typeof types.EventActivityDocument,
    "\n  mutation SendChatMessage($eventId: ID!, $text: String!) {\n    sendChatMessage(eventId: $eventId, text: $text) {\n      __typename\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.SendChatMessageDocument,
    "\n  mutation OfferChallenge($selectionId: ID!, $stake: Money!, $odds: Odds!) {\n    offerChallenge(selectionId: $selectionId, stake: $stake, odds: $odds) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.OfferChallengeDocument,
    "\n  mutation TakeChallenge($challengeId: ID!) {\n    takeChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.TakeChallengeDocument,
    "\n  mutation CancelChallenge($challengeId: ID!) {\n    cancelChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.CancelChallengeDocument,
    "\n  query SlipLimits($selectionIds: [ID!]!) {\n    betLimits(selectionIds: $selectionIds) { minStake maxStake stakeLimit maxPayout }\n  }\n": typeof types.SlipLimitsDocument,
    "\n  fragment SlipSelection on Selection { id odds status }\n": typeof types.SlipSelectionFragmentDoc,
    "\n  fragment SlipMarket on Market { id status }\n": typeof types.SlipMarketFragmentDoc,
    "\n  query SlipEvent($id: ID!) {\n    event(id: $id) { id markets { id status selections { id odds status } } }\n  }\n": typeof types.SlipEventDocument,
    "\n  fragment ApiKeyFields on ApiKey { id name prefix scopes createdAt lastUsedAt revokedAt }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    createdAt\n    deliveries(first: 20) { id kind betId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt }\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  query Developer {\n    viewer { id apiKeys { ...ApiKeyFields } webhooks { ...WebhookFields } }\n  }\n": typeof types.DeveloperDocument,
    "\n  mutation CreateApiKey($name: String!, $scopes: [ApiScope!]!) {\n    createApiKey(name: $name, scopes: $scopes) {\n      __typename\n      ... on ApiKeyCreated { key apiKey { ...ApiKeyFields } }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { ...ApiKeyFields }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation RegisterWebhook($url: String!) {\n    registerWebhook(url: $url) {\n      __typename\n      ... on WebhookCreated { secret webhook { ...WebhookFields } }\n      ... on UserError { code message }\n    }\n  }\n": typeof types.RegisterWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
};
const documents: Documents = {
    "\n  fragment ViewerSummary on Viewer { id username balance }\n": types.ViewerSummaryFragmentDoc,
    "\n  query Viewer {\n    viewer { ...ViewerSummary }\n  }\n": types.ViewerDocument,
    "\n  query Layout {\n    viewer { ...ViewerSummary betUpdatesCursor }\n  }\n": types.LayoutDocument,
    "\n  mutation SignIn($username: String!, $password: String!) {\n    signIn(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  fragment WalletFields on Viewer { id username balance depositLimit { daily pending pendingFrom usedToday remainingToday } }\n": types.WalletFieldsFragmentDoc,
    "\n  query Wallet {\n    viewer { ...WalletFields }\n  }\n": types.WalletDocument,
    "\n  mutation Deposit($amount: Money!, $idempotencyKey: String!) {\n    deposit(amount: $amount, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Deposited { viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": types.DepositDocument,
    "\n  mutation SetDepositLimit($amount: Money!) {\n    setDepositLimit(amount: $amount) {\n      __typename\n      ... on DepositLimitSet { raisePending viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": types.SetDepositLimitDocument,
    "\n  fragment BetRow_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    payout\n    placedAt\n    legs { selection { id name } event { id name } }\n  }\n": types.BetRow_BetFragmentDoc,
    "\n  fragment BetTicket_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    potentialProfit\n    payout\n    autoCashoutTarget\n    placedAt\n    settledAt\n    acceptAt\n    rejectionReason\n    rejectionCode\n    legs { ...LegRow_leg }\n    timeline { kind at }\n  }\n": types.BetTicket_BetFragmentDoc,
    "\n  fragment LegRow_leg on BetLeg {\n    odds\n    requestedOdds\n    status\n    selection { id name odds status }\n    event { id name }\n    market { id name status }\n  }\n": types.LegRow_LegFragmentDoc,
    "\n  query BetPage($id: ID!) {\n    bet(id: $id) { id ...BetTicket_bet }\n  }\n": types.BetPageDocument,
    "\n  query BetsPage($statusIn: [BetStatus!], $first: Int, $after: String) {\n    viewer {\n      id\n      bets(statusIn: $statusIn, first: $first, after: $after) {\n        edges { cursor node { id status ...BetRow_bet } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.BetsPageDocument,
    "\n  subscription BetUpdated($after: String) {\n    betUpdated(after: $after) {\n      cursor\n      kind\n      bet { id status autoCashoutTarget ...BetTicket_bet ...BetRow_bet }\n    }\n  }\n": types.BetUpdatedDocument,
    "\n  mutation PlaceBet($input: PlaceBetInput!) {\n    placeBet(input: $input) {\n      __typename\n      ... on BetPlaced { bet { id stake odds ...BetRow_bet } }\n      ... on OddsChanged { current { id odds status } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": types.PlaceBetDocument,
    "\n  fragment CashoutOfferFields on CashoutOffer { id amount percent expiresAt version bet { id } }\n": types.CashoutOfferFieldsFragmentDoc,
    "\n  subscription CashoutOffered($betId: ID) {\n    cashoutOffered(betId: $betId) { ...CashoutOfferFields }\n  }\n": types.CashoutOfferedDocument,
    "\n  mutation RequestCashout($betId: ID!, $percent: Int) {\n    requestCashout(betId: $betId, percent: $percent) {\n      __typename\n      ... on CashoutOffer { ...CashoutOfferFields }\n      ... on UserError { code message }\n    }\n  }\n": types.RequestCashoutDocument,
    "\n  mutation AcceptCashout($offerId: ID!) {\n    acceptCashout(offerId: $offerId) {\n      __typename\n      ... on CashoutAccepted { amount bet { id ...BetTicket_bet } }\n      ... on PriceChanged { offer { ...CashoutOfferFields } }\n      ... on UserError { code message }\n    }\n  }\n": types.AcceptCashoutDocument,
    "\n  mutation SetAutoCashout($betId: ID!, $target: Money) {\n    setAutoCashout(betId: $betId, target: $target) {\n      __typename\n      ... on AutoCashoutSet { bet { id autoCashoutTarget } }\n      ... on AutoCashoutTargetTooHigh { maxTarget }\n      ... on UserError { code message }\n    }\n  }\n": types.SetAutoCashoutDocument,
    "\n  query EventPage($id: ID!) {\n    event(id: $id) {\n      id\n      sport\n      name\n      home\n      away\n      startsAt\n      status\n      score { home away }\n      clock\n      participants\n      markets { id ...MarketCard_market }\n    }\n  }\n": types.EventPageDocument,
    "\n  fragment EventRow_event on Event {\n    id\n    name\n    home\n    away\n    status\n    clock\n    startsAt\n    score { home away }\n    markets { id name status selections { id ...OddsButton_selection } }\n  }\n": types.EventRow_EventFragmentDoc,
    "\n  query Lobby {\n    live: events(status: LIVE, first: 100) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n    upcoming: events(status: UPCOMING, first: 40) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.LobbyDocument,
    "\n  fragment MarketCard_market on Market {\n    id\n    name\n    status\n    selections { id ...OddsButton_selection }\n  }\n": types.MarketCard_MarketFragmentDoc,
    "\n  fragment OddsButton_selection on Selection {\n    id\n    name\n    odds\n    status\n  }\n": types.OddsButton_SelectionFragmentDoc,
    "\n  subscription OddsChanged($eventId: ID!) {\n    oddsChanged(eventId: $eventId) {\n      event { id status score { home away } clock }\n      markets { id name status selections { id name odds previousOdds status } }\n    }\n  }\n": types.OddsChangedDocument,
    "\n  subscription EventUpdated($eventId: ID!) {\n    eventUpdated(eventId: $eventId) { id status score { home away } clock participants }\n  }\n": types.EventUpdatedDocument,
    "\n  fragment ChatMessageFields on ChatMessage { id author text at }\n": types.ChatMessageFieldsFragmentDoc,
    "\n  fragment BetActivityFields on BetActivity { selection { id name } stakeBand user at stats { betCount totalStaked } }\n": types.BetActivityFieldsFragmentDoc,
    "\n  fragment ChallengeFields on Challenge { id selection { id name } odds stake takerStake maker taker status mine takenByMe expiresAt }\n": types.ChallengeFieldsFragmentDoc,
    "\n  query Room($id: ID!, $history: Boolean! = true) {\n    event(id: $id) {\n      id\n      recentJoiners\n      recentBets(first: 20) { ...BetActivityFields }\n      chat(last: 50) { ...ChatMessageFields }\n      challenges(first: 50) { ...ChallengeFields }\n      markets { id selections { id stats { betCount totalStaked } oddsHistory(last: 60) @include(if: $history) { odds at } } }\n    }\n  }\n": types.RoomDocument,
    "\n  query RoomChallenges($id: ID!) {\n    event(id: $id) { id challenges(first: 50) { ...ChallengeFields } }\n  }\n": types.RoomChallengesDocument,
    "\n  query RoomPeople($id: ID!) {\n    event(id: $id) { id recentJoiners }\n  }\n": types.RoomPeopleDocument,
    "\n  subscription EventActivity($eventId: ID!) {\n    eventActivity(eventId: $eventId) {\n      __typename\n      ... on BetActivity { ...BetActivityFields }\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on ParticipantsChanged { count at }\n      ... on ChallengeActivity { id status at }\n    }\n  }\n": types.EventActivityDocument,
    "\n  mutation SendChatMessage($eventId: ID!, $text: String!) {\n    sendChatMessage(eventId: $eventId, text: $text) {\n      __typename\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on UserError { code message }\n    }\n  }\n": types.SendChatMessageDocument,
    "\n  mutation OfferChallenge($selectionId: ID!, $stake: Money!, $odds: Odds!) {\n    offerChallenge(selectionId: $selectionId, stake: $stake, odds: $odds) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": types.OfferChallengeDocument,
    "\n  mutation TakeChallenge($challengeId: ID!) {\n    takeChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": types.TakeChallengeDocument,
    "\n  mutation CancelChallenge($challengeId: ID!) {\n    cancelChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n": types.CancelChallengeDocument,
    "\n  query SlipLimits($selectionIds: [ID!]!) {\n    betLimits(selectionIds: $selectionIds) { minStake maxStake stakeLimit maxPayout }\n  }\n": types.SlipLimitsDocument,
    "\n  fragment SlipSelection on Selection { id odds status }\n": types.SlipSelectionFragmentDoc,
    "\n  fragment SlipMarket on Market { id status }\n": types.SlipMarketFragmentDoc,
    "\n  query SlipEvent($id: ID!) {\n    event(id: $id) { id markets { id status selections { id odds status } } }\n  }\n": types.SlipEventDocument,
    "\n  fragment ApiKeyFields on ApiKey { id name prefix scopes createdAt lastUsedAt revokedAt }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    createdAt\n    deliveries(first: 20) { id kind betId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt }\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  query Developer {\n    viewer { id apiKeys { ...ApiKeyFields } webhooks { ...WebhookFields } }\n  }\n": types.DeveloperDocument,
    "\n  mutation CreateApiKey($name: String!, $scopes: [ApiScope!]!) {\n    createApiKey(name: $name, scopes: $scopes) {\n      __typename\n      ... on ApiKeyCreated { key apiKey { ...ApiKeyFields } }\n      ... on UserError { code message }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { ...ApiKeyFields }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation RegisterWebhook($url: String!) {\n    registerWebhook(url: $url) {\n      __typename\n      ... on WebhookCreated { secret webhook { ...WebhookFields } }\n      ... on UserError { code message }\n    }\n  }\n": types.RegisterWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerSummary on Viewer { id username balance }\n"): (typeof documents)["\n  fragment ViewerSummary on Viewer { id username balance }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer { ...ViewerSummary }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer { ...ViewerSummary }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Layout {\n    viewer { ...ViewerSummary betUpdatesCursor }\n  }\n"): (typeof documents)["\n  query Layout {\n    viewer { ...ViewerSummary betUpdatesCursor }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($username: String!, $password: String!) {\n    signIn(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($username: String!, $password: String!) {\n    signIn(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) {\n      __typename\n      ... on AuthPayload { viewer { ...ViewerSummary } }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WalletFields on Viewer { id username balance depositLimit { daily pending pendingFrom usedToday remainingToday } }\n"): (typeof documents)["\n  fragment WalletFields on Viewer { id username balance depositLimit { daily pending pendingFrom usedToday remainingToday } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Wallet {\n    viewer { ...WalletFields }\n  }\n"): (typeof documents)["\n  query Wallet {\n    viewer { ...WalletFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Deposit($amount: Money!, $idempotencyKey: String!) {\n    deposit(amount: $amount, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Deposited { viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation Deposit($amount: Money!, $idempotencyKey: String!) {\n    deposit(amount: $amount, idempotencyKey: $idempotencyKey) {\n      __typename\n      ... on Deposited { viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDepositLimit($amount: Money!) {\n    setDepositLimit(amount: $amount) {\n      __typename\n      ... on DepositLimitSet { raisePending viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetDepositLimit($amount: Money!) {\n    setDepositLimit(amount: $amount) {\n      __typename\n      ... on DepositLimitSet { raisePending viewer { ...WalletFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BetRow_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    payout\n    placedAt\n    legs { selection { id name } event { id name } }\n  }\n"): (typeof documents)["\n  fragment BetRow_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    payout\n    placedAt\n    legs { selection { id name } event { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BetTicket_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    potentialProfit\n    payout\n    autoCashoutTarget\n    placedAt\n    settledAt\n    acceptAt\n    rejectionReason\n    rejectionCode\n    legs { ...LegRow_leg }\n    timeline { kind at }\n  }\n"): (typeof documents)["\n  fragment BetTicket_bet on Bet {\n    id\n    status\n    stake\n    odds\n    potentialPayout\n    potentialProfit\n    payout\n    autoCashoutTarget\n    placedAt\n    settledAt\n    acceptAt\n    rejectionReason\n    rejectionCode\n    legs { ...LegRow_leg }\n    timeline { kind at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LegRow_leg on BetLeg {\n    odds\n    requestedOdds\n    status\n    selection { id name odds status }\n    event { id name }\n    market { id name status }\n  }\n"): (typeof documents)["\n  fragment LegRow_leg on BetLeg {\n    odds\n    requestedOdds\n    status\n    selection { id name odds status }\n    event { id name }\n    market { id name status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BetPage($id: ID!) {\n    bet(id: $id) { id ...BetTicket_bet }\n  }\n"): (typeof documents)["\n  query BetPage($id: ID!) {\n    bet(id: $id) { id ...BetTicket_bet }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BetsPage($statusIn: [BetStatus!], $first: Int, $after: String) {\n    viewer {\n      id\n      bets(statusIn: $statusIn, first: $first, after: $after) {\n        edges { cursor node { id status ...BetRow_bet } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BetsPage($statusIn: [BetStatus!], $first: Int, $after: String) {\n    viewer {\n      id\n      bets(statusIn: $statusIn, first: $first, after: $after) {\n        edges { cursor node { id status ...BetRow_bet } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BetUpdated($after: String) {\n    betUpdated(after: $after) {\n      cursor\n      kind\n      bet { id status autoCashoutTarget ...BetTicket_bet ...BetRow_bet }\n    }\n  }\n"): (typeof documents)["\n  subscription BetUpdated($after: String) {\n    betUpdated(after: $after) {\n      cursor\n      kind\n      bet { id status autoCashoutTarget ...BetTicket_bet ...BetRow_bet }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaceBet($input: PlaceBetInput!) {\n    placeBet(input: $input) {\n      __typename\n      ... on BetPlaced { bet { id stake odds ...BetRow_bet } }\n      ... on OddsChanged { current { id odds status } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PlaceBet($input: PlaceBetInput!) {\n    placeBet(input: $input) {\n      __typename\n      ... on BetPlaced { bet { id stake odds ...BetRow_bet } }\n      ... on OddsChanged { current { id odds status } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CashoutOfferFields on CashoutOffer { id amount percent expiresAt version bet { id } }\n"): (typeof documents)["\n  fragment CashoutOfferFields on CashoutOffer { id amount percent expiresAt version bet { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CashoutOffered($betId: ID) {\n    cashoutOffered(betId: $betId) { ...CashoutOfferFields }\n  }\n"): (typeof documents)["\n  subscription CashoutOffered($betId: ID) {\n    cashoutOffered(betId: $betId) { ...CashoutOfferFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestCashout($betId: ID!, $percent: Int) {\n    requestCashout(betId: $betId, percent: $percent) {\n      __typename\n      ... on CashoutOffer { ...CashoutOfferFields }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RequestCashout($betId: ID!, $percent: Int) {\n    requestCashout(betId: $betId, percent: $percent) {\n      __typename\n      ... on CashoutOffer { ...CashoutOfferFields }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptCashout($offerId: ID!) {\n    acceptCashout(offerId: $offerId) {\n      __typename\n      ... on CashoutAccepted { amount bet { id ...BetTicket_bet } }\n      ... on PriceChanged { offer { ...CashoutOfferFields } }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptCashout($offerId: ID!) {\n    acceptCashout(offerId: $offerId) {\n      __typename\n      ... on CashoutAccepted { amount bet { id ...BetTicket_bet } }\n      ... on PriceChanged { offer { ...CashoutOfferFields } }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAutoCashout($betId: ID!, $target: Money) {\n    setAutoCashout(betId: $betId, target: $target) {\n      __typename\n      ... on AutoCashoutSet { bet { id autoCashoutTarget } }\n      ... on AutoCashoutTargetTooHigh { maxTarget }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetAutoCashout($betId: ID!, $target: Money) {\n    setAutoCashout(betId: $betId, target: $target) {\n      __typename\n      ... on AutoCashoutSet { bet { id autoCashoutTarget } }\n      ... on AutoCashoutTargetTooHigh { maxTarget }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventPage($id: ID!) {\n    event(id: $id) {\n      id\n      sport\n      name\n      home\n      away\n      startsAt\n      status\n      score { home away }\n      clock\n      participants\n      markets { id ...MarketCard_market }\n    }\n  }\n"): (typeof documents)["\n  query EventPage($id: ID!) {\n    event(id: $id) {\n      id\n      sport\n      name\n      home\n      away\n      startsAt\n      status\n      score { home away }\n      clock\n      participants\n      markets { id ...MarketCard_market }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventRow_event on Event {\n    id\n    name\n    home\n    away\n    status\n    clock\n    startsAt\n    score { home away }\n    markets { id name status selections { id ...OddsButton_selection } }\n  }\n"): (typeof documents)["\n  fragment EventRow_event on Event {\n    id\n    name\n    home\n    away\n    status\n    clock\n    startsAt\n    score { home away }\n    markets { id name status selections { id ...OddsButton_selection } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Lobby {\n    live: events(status: LIVE, first: 100) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n    upcoming: events(status: UPCOMING, first: 40) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Lobby {\n    live: events(status: LIVE, first: 100) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n    upcoming: events(status: UPCOMING, first: 40) {\n      edges { node { id sport ...EventRow_event } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MarketCard_market on Market {\n    id\n    name\n    status\n    selections { id ...OddsButton_selection }\n  }\n"): (typeof documents)["\n  fragment MarketCard_market on Market {\n    id\n    name\n    status\n    selections { id ...OddsButton_selection }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OddsButton_selection on Selection {\n    id\n    name\n    odds\n    status\n  }\n"): (typeof documents)["\n  fragment OddsButton_selection on Selection {\n    id\n    name\n    odds\n    status\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OddsChanged($eventId: ID!) {\n    oddsChanged(eventId: $eventId) {\n      event { id status score { home away } clock }\n      markets { id name status selections { id name odds previousOdds status } }\n    }\n  }\n"): (typeof documents)["\n  subscription OddsChanged($eventId: ID!) {\n    oddsChanged(eventId: $eventId) {\n      event { id status score { home away } clock }\n      markets { id name status selections { id name odds previousOdds status } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription EventUpdated($eventId: ID!) {\n    eventUpdated(eventId: $eventId) { id status score { home away } clock participants }\n  }\n"): (typeof documents)["\n  subscription EventUpdated($eventId: ID!) {\n    eventUpdated(eventId: $eventId) { id status score { home away } clock participants }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatMessageFields on ChatMessage { id author text at }\n"): (typeof documents)["\n  fragment ChatMessageFields on ChatMessage { id author text at }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BetActivityFields on BetActivity { selection { id name } stakeBand user at stats { betCount totalStaked } }\n"): (typeof documents)["\n  fragment BetActivityFields on BetActivity { selection { id name } stakeBand user at stats { betCount totalStaked } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChallengeFields on Challenge { id selection { id name } odds stake takerStake maker taker status mine takenByMe expiresAt }\n"): (typeof documents)["\n  fragment ChallengeFields on Challenge { id selection { id name } odds stake takerStake maker taker status mine takenByMe expiresAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Room($id: ID!, $history: Boolean! = true) {\n    event(id: $id) {\n      id\n      recentJoiners\n      recentBets(first: 20) { ...BetActivityFields }\n      chat(last: 50) { ...ChatMessageFields }\n      challenges(first: 50) { ...ChallengeFields }\n      markets { id selections { id stats { betCount totalStaked } oddsHistory(last: 60) @include(if: $history) { odds at } } }\n    }\n  }\n"): (typeof documents)["\n  query Room($id: ID!, $history: Boolean! = true) {\n    event(id: $id) {\n      id\n      recentJoiners\n      recentBets(first: 20) { ...BetActivityFields }\n      chat(last: 50) { ...ChatMessageFields }\n      challenges(first: 50) { ...ChallengeFields }\n      markets { id selections { id stats { betCount totalStaked } oddsHistory(last: 60) @include(if: $history) { odds at } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomChallenges($id: ID!) {\n    event(id: $id) { id challenges(first: 50) { ...ChallengeFields } }\n  }\n"): (typeof documents)["\n  query RoomChallenges($id: ID!) {\n    event(id: $id) { id challenges(first: 50) { ...ChallengeFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomPeople($id: ID!) {\n    event(id: $id) { id recentJoiners }\n  }\n"): (typeof documents)["\n  query RoomPeople($id: ID!) {\n    event(id: $id) { id recentJoiners }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription EventActivity($eventId: ID!) {\n    eventActivity(eventId: $eventId) {\n      __typename\n      ... on BetActivity { ...BetActivityFields }\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on ParticipantsChanged { count at }\n      ... on ChallengeActivity { id status at }\n    }\n  }\n"): (typeof documents)["\n  subscription EventActivity($eventId: ID!) {\n    eventActivity(eventId: $eventId) {\n      __typename\n      ... on BetActivity { ...BetActivityFields }\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on ParticipantsChanged { count at }\n      ... on ChallengeActivity { id status at }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendChatMessage($eventId: ID!, $text: String!) {\n    sendChatMessage(eventId: $eventId, text: $text) {\n      __typename\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SendChatMessage($eventId: ID!, $text: String!) {\n    sendChatMessage(eventId: $eventId, text: $text) {\n      __typename\n      ... on ChatMessage { ...ChatMessageFields }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfferChallenge($selectionId: ID!, $stake: Money!, $odds: Odds!) {\n    offerChallenge(selectionId: $selectionId, stake: $stake, odds: $odds) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation OfferChallenge($selectionId: ID!, $stake: Money!, $odds: Odds!) {\n    offerChallenge(selectionId: $selectionId, stake: $stake, odds: $odds) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TakeChallenge($challengeId: ID!) {\n    takeChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation TakeChallenge($challengeId: ID!) {\n    takeChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelChallenge($challengeId: ID!) {\n    cancelChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelChallenge($challengeId: ID!) {\n    cancelChallenge(challengeId: $challengeId) {\n      __typename\n      ... on ChallengePayload { challenge { ...ChallengeFields } }\n      ... on LimitRejection { min max }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlipLimits($selectionIds: [ID!]!) {\n    betLimits(selectionIds: $selectionIds) { minStake maxStake stakeLimit maxPayout }\n  }\n"): (typeof documents)["\n  query SlipLimits($selectionIds: [ID!]!) {\n    betLimits(selectionIds: $selectionIds) { minStake maxStake stakeLimit maxPayout }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SlipSelection on Selection { id odds status }\n"): (typeof documents)["\n  fragment SlipSelection on Selection { id odds status }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SlipMarket on Market { id status }\n"): (typeof documents)["\n  fragment SlipMarket on Market { id status }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlipEvent($id: ID!) {\n    event(id: $id) { id markets { id status selections { id odds status } } }\n  }\n"): (typeof documents)["\n  query SlipEvent($id: ID!) {\n    event(id: $id) { id markets { id status selections { id odds status } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey { id name prefix scopes createdAt lastUsedAt revokedAt }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey { id name prefix scopes createdAt lastUsedAt revokedAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    createdAt\n    deliveries(first: 20) { id kind betId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt }\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id\n    url\n    createdAt\n    deliveries(first: 20) { id kind betId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Developer {\n    viewer { id apiKeys { ...ApiKeyFields } webhooks { ...WebhookFields } }\n  }\n"): (typeof documents)["\n  query Developer {\n    viewer { id apiKeys { ...ApiKeyFields } webhooks { ...WebhookFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $scopes: [ApiScope!]!) {\n    createApiKey(name: $name, scopes: $scopes) {\n      __typename\n      ... on ApiKeyCreated { key apiKey { ...ApiKeyFields } }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $scopes: [ApiScope!]!) {\n    createApiKey(name: $name, scopes: $scopes) {\n      __typename\n      ... on ApiKeyCreated { key apiKey { ...ApiKeyFields } }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { ...ApiKeyFields }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { ...ApiKeyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterWebhook($url: String!) {\n    registerWebhook(url: $url) {\n      __typename\n      ... on WebhookCreated { secret webhook { ...WebhookFields } }\n      ... on UserError { code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterWebhook($url: String!) {\n    registerWebhook(url: $url) {\n      __typename\n      ... on WebhookCreated { secret webhook { ...WebhookFields } }\n      ... on UserError { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;