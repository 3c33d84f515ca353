import type { User } from '../lib/auth/accounts';
import { builder } from './builder';
import { Rejection, UserErrorRef } from './user-errors';

/** The signed-in user; wallet and bet fields are added beside their mutations. */
export const ViewerRef = builder.objectRef<User>('Viewer').implement({
  description: 'The signed-in user.',
  fields: (t) => ({
    id: t.exposeID('id'),
    username: t.exposeString('username'),
    role: t.string({ description: 'BETTOR or TRADER.', resolve: (user) => user.role }),
  }),
});

/** A rejection about an amount (stake or deposit limits): carries the bounds that apply. */
export class LimitRejection extends Rejection {
  constructor(
    code: string,
    message: string,
    readonly minMinor: bigint | null,
    readonly maxMinor: bigint | null,
  ) {
    super(code, message);
    this.name = 'LimitRejection';
  }
}

builder.objectType(LimitRejection, {
  name: 'LimitRejection',
  description: 'Codes: STAKE_TOO_LOW, STAKE_TOO_HIGH, LIMIT_EXCEEDED (amount limits).',
  interfaces: [UserErrorRef],
  fields: (t) => ({
    min: t.field({ type: 'Money', nullable: true, resolve: (value) => value.minMinor }),
    max: t.field({ type: 'Money', nullable: true, resolve: (value) => value.maxMinor }),
  }),
});
