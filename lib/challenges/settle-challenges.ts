import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { challenges } from '../../db/schema';
import { postTransaction, userAccounts } from '../wallet/ledger';
import { escrowAccount, releaseEscrow } from './challenge-ledger';

type Row = typeof challenges.$inferSelect;

/**
 * Locks (in id order) a market's challenges that settlement or unsettlement may change. Called
 * with the market's selections and both sides' user rows locked, as the lock order asks.
 */
export async function lockMarketChallenges(tx: Tx, marketId: string): Promise<Row[]> {
  return tx
    .select()
    .from(challenges)
    .where(and(eq(challenges.marketId, marketId), inArray(challenges.status, ['OPEN', 'TAKEN', 'WON', 'LOST', 'VOID'])))
    .orderBy(asc(challenges.id))
    .for('no key update');
}

/**
 * Settles a market's challenges: untaken ones expire (the maker's stake comes back); taken ones pay
 * the winner both stakes (the maker wins when the selection won), or refund both when it is void.
 * Returns the ids that changed.
 */
export async function settleChallenges(tx: Tx, rows: Row[], results: ReadonlyMap<string, 'WON' | 'LOST' | 'VOID'>): Promise<string[]> {
  const changed: string[] = [];
  const now = new Date();
  for (const row of rows) {
    if (row.status === 'OPEN') {
      await tx.update(challenges).set({ status: 'EXPIRED', settledAt: now }).where(eq(challenges.id, row.id));
      await releaseEscrow(tx, row.id, [{ userId: row.makerId, amountMinor: row.makerStakeMinor }]);
      changed.push(row.id);
      continue;
    }
    if (row.status !== 'TAKEN' || !row.takerId) continue;
    const result = results.get(row.selectionId);
    if (!result) continue;
    if (result === 'VOID') {
      await releaseEscrow(tx, row.id, [
        { userId: row.makerId, amountMinor: row.makerStakeMinor },
        { userId: row.takerId, amountMinor: row.takerStakeMinor },
      ]);
    } else {
      const winner = result === 'WON' ? row.makerId : row.takerId;
      const { walletId } = await userAccounts(tx, winner);
      await postTransaction(tx, 'CHALLENGE_SETTLE', row.id, [
        { accountId: await escrowAccount(tx, row.makerId), amountMinor: -row.makerStakeMinor },
        { accountId: await escrowAccount(tx, row.takerId), amountMinor: -row.takerStakeMinor },
        { accountId: walletId, amountMinor: row.makerStakeMinor + row.takerStakeMinor },
      ]);
    }
    await tx.update(challenges).set({ status: result, settledAt: now }).where(eq(challenges.id, row.id));
    changed.push(row.id);
  }
  return changed;
}

/** Reverses settled challenges (back to TAKEN, stakes back in escrow), with new entries. */
export async function unsettleChallenges(tx: Tx, rows: Row[]): Promise<string[]> {
  const changed: string[] = [];
  for (const row of rows) {
    if (!row.takerId || (row.status !== 'WON' && row.status !== 'LOST' && row.status !== 'VOID')) continue;
    const makerEscrow = await escrowAccount(tx, row.makerId);
    const takerEscrow = await escrowAccount(tx, row.takerId);
    const entries =
      row.status === 'VOID'
        ? [
            { accountId: (await userAccounts(tx, row.makerId)).walletId, amountMinor: -row.makerStakeMinor },
            { accountId: (await userAccounts(tx, row.takerId)).walletId, amountMinor: -row.takerStakeMinor },
          ]
        : [{ accountId: (await userAccounts(tx, row.status === 'WON' ? row.makerId : row.takerId)).walletId, amountMinor: -(row.makerStakeMinor + row.takerStakeMinor) }];
    await postTransaction(
      tx,
      'CHALLENGE_UNSETTLE',
      row.id,
      [...entries, { accountId: makerEscrow, amountMinor: row.makerStakeMinor }, { accountId: takerEscrow, amountMinor: row.takerStakeMinor }],
      { allowDebt: true },
    );
    await tx.update(challenges).set({ status: 'TAKEN', settledAt: null }).where(eq(challenges.id, row.id));
    changed.push(row.id);
  }
  return changed;
}
