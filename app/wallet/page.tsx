import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { WalletPanel } from '../_account/wallet-panel';
import { loadViewerSummary } from '../_data/load-viewer';

// Per-user and live: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Wallet' };

/** Balance, play-money deposits and the daily deposit limit. */
export default async function WalletPage() {
  const viewer = await loadViewerSummary();
  if (!viewer) redirect('/sign-in?next=%2Fwallet');
  return (
    <div className="wallet-page" data-testid="wallet-page">
      <h1 className="page-title">Wallet</h1>
      <WalletPanel initialBalance={viewer.balance} />
    </div>
  );
}
