
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AcceptCashoutResult": [
      "CashoutAccepted",
      "PriceChanged",
      "Rejection"
    ],
    "AuthResult": [
      "AuthPayload",
      "Rejection"
    ],
    "ChallengeResult": [
      "ChallengePayload",
      "LimitRejection",
      "Rejection"
    ],
    "CreateApiKeyResult": [
      "ApiKeyCreated",
      "Rejection"
    ],
    "DepositResult": [
      "Deposited",
      "LimitRejection",
      "Rejection"
    ],
    "EventActivity": [
      "BetActivity",
      "ChallengeActivity",
      "ChatMessage",
      "ParticipantsChanged"
    ],
    "Node": [
      "Bet",
      "Event",
      "Market",
      "Selection"
    ],
    "PlaceBetResult": [
      "BetPlaced",
      "LimitRejection",
      "OddsChanged",
      "Rejection"
    ],
    "RegisterWebhookResult": [
      "Rejection",
      "WebhookCreated"
    ],
    "RequestCashoutResult": [
      "CashoutOffer",
      "Rejection"
    ],
    "SendChatMessageResult": [
      "ChatMessage",
      "Rejection"
    ],
    "SetAutoCashoutResult": [
      "AutoCashoutSet",
      "AutoCashoutTargetTooHigh",
      "Rejection"
    ],
    "SetDepositLimitResult": [
      "DepositLimitSet",
      "LimitRejection",
      "Rejection"
    ],
    "UserError": [
      "AutoCashoutTargetTooHigh",
      "LimitRejection",
      "OddsChanged",
      "PriceChanged",
      "Rejection"
    ]
  }
};
      export default result;
    