import type { Db } from './client';
import { accounts, sports } from './schema';

/** The sports the app knows. Demo events come from the feed simulator, not from here. */
export const SPORTS = [
  { id: 'football', name: 'Football', sortOrder: 1 },
  { id: 'tennis', name: 'Tennis', sortOrder: 2 },
  { id: 'basketball', name: 'Basketball', sortOrder: 3 },
] as const;

/** Inserts reference rows that every deployment needs; safe to run any number of times. */
export async function seedReferenceData(db: Db): Promise<void> {
  await db.insert(sports).values([...SPORTS]).onConflictDoNothing();
  // The house's two ledger accounts; users' accounts are created with the user.
  await db.insert(accounts).values([{ kind: 'HOUSE' }, { kind: 'DEPOSITS' }]).onConflictDoNothing();
}
