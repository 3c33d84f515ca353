export * from './markets';
export * from './users';
export * from './leases';
