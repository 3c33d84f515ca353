import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { WalletDocument } from '../_account/operations';
import { WalletPanel } from '../_account/wallet-panel';
import { serverQuery } from '../_data/server-query';

// Per-user and live: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Wallet' };

/** Balance, play-money deposits and the daily deposit limit. */
export default async function WalletPage() {
  const data = await serverQuery(WalletDocument);
  if (!data.viewer) redirect('/sign-in?next=%2Fwallet');
  return (
    <div className="wallet-page" data-testid="wallet-page">
      <h1 className="page-title">Wallet</h1>
      <WalletPanel initial={data} />
    </div>
  );
}
