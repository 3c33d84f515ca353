import { builder } from './builder';

export const ChallengeStatusEnum = builder.enumType('ChallengeStatus', {
  values: {
    OPEN: { description: 'Offered, waiting for someone to take the other side.' },
    TAKEN: {},
    CANCELLED: {},
    EXPIRED: { description: 'Nobody took it before kick-off (or within 10 minutes in play), or its market closed.' },
    WON: { description: 'Settled: the maker won (the selection won).' },
    LOST: { description: 'Settled: the taker won.' },
    VOID: { description: 'Settled void: both stakes refunded.' },
  } as const,
});
