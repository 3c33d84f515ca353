export * from './markets';
export * from './users';
export * from './leases';
export * from './wallet';
export * from './bets';
export * from './outbox';
export * from './cashout';
export * from './rooms';
