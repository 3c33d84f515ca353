import type { Db } from '../../db/client';
import type { PubSub } from '../live/pubsub';

/** What market services need: the database and the pub/sub to announce changes on. */
export interface MarketDeps {
  db: Db;
  pubsub: PubSub;
  /** Called after a commit that wrote outbox rows, so the relay publishes them at once. */
  afterCommit?: () => void;
}
