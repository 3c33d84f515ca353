import { builder } from './builder';
import './user-errors';
import './events';
import './viewer';
import './bets';
import './bet-limits';
import './accounts';
import './cashout';
import './settlement';
import './rooms';
import './challenges';
import './partners';
import './node';

/** The executable schema, built once from every type family. */
export const schema = builder.toSchema({ sortSchema: false });
