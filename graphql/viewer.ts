import type { User } from '../lib/auth/accounts';
import { builder } from './builder';
import { UserErrorRef } from './user-errors';

/** The signed-in user; wallet and bet fields are added beside their mutations. */
export const ViewerRef = builder.objectRef<User>('Viewer').implement({
  description: 'The signed-in user.',
  fields: (t) => ({
    id: t.exposeID('id'),
    username: t.exposeString('username'),
    role: t.string({ description: 'BETTOR or TRADER.', resolve: (user) => user.role }),
  }),
});

export interface LimitRejectionShape {
  __typename: 'LimitRejection';
  code: string;
  message: string;
  minMinor: bigint | null;
  maxMinor: bigint | null;
}

export const LimitRejectionRef = builder.objectRef<LimitRejectionShape>('LimitRejection').implement({
  description: 'Codes: STAKE_TOO_LOW, STAKE_TOO_HIGH, LIMIT_EXCEEDED (amount limits).',
  interfaces: [UserErrorRef],
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'LimitRejection',
  fields: (t) => ({
    min: t.field({ type: 'Money', nullable: true, resolve: (value) => value.minMinor }),
    max: t.field({ type: 'Money', nullable: true, resolve: (value) => value.maxMinor }),
  }),
});
