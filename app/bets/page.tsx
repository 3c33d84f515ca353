import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { BetsLive } from '../_bets/bets-live';
import { BETS_PAGE_SIZE, BETS_TABS, BetsPageDocument, type BetsTab } from '../_bets/operations';
import { serverQuery } from '../_data/server-query';

// Per-user and live: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'My bets' };

interface Props {
  searchParams: Promise<{ tab?: string | string[] }>;
}

/** My bets: Open (pending and open) and Settled (everything decided), newest first, kept live. */
export default async function BetsPage({ searchParams }: Props) {
  const params = await searchParams;
  const tab: BetsTab = params.tab === 'settled' ? 'settled' : 'open';
  const data = await serverQuery(BetsPageDocument, { statusIn: BETS_TABS[tab], first: BETS_PAGE_SIZE });
  if (!data.viewer) redirect(`/sign-in?next=${encodeURIComponent(tab === 'open' ? '/bets' : '/bets?tab=settled')}`);

  return (
    <div className="bets-page" data-testid="bets-page" data-tab={tab}>
      <div className="page-title-row">
        <h1 className="page-title">My bets</h1>
      </div>
      <nav className="tabs" aria-label="Bets">
        <Link href="/bets" className="tab" aria-current={tab === 'open' ? 'page' : undefined} data-testid="bets-tab-open">
          Open
        </Link>
        <Link href="/bets?tab=settled" className="tab" aria-current={tab === 'settled' ? 'page' : undefined} data-testid="bets-tab-settled">
          Settled
        </Link>
      </nav>
      <BetsLive key={tab} tab={tab} initial={data} />
    </div>
  );
}
