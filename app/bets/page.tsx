import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { InvalidBetCursorError, listBets, OPEN_STATUSES, SETTLED_STATUSES } from '../../lib/bets/read-bets';
import { sharedRuntime } from '../../lib/runtime-shared';
import { BetsLive, type BetsTab } from '../_bets/bets-live';
import { loadSessionViewer } from '../_data/load-viewer';
import { toLiveBet } from '../_data/to-live-bet';

// Per-user and live: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'My bets' };

const PAGE_SIZE = 25;

interface Props {
  searchParams: Promise<{ tab?: string | string[]; after?: string | string[] }>;
}

/** My bets: Open (pending and open) and Settled (everything decided), newest first, kept live. */
export default async function BetsPage({ searchParams }: Props) {
  const params = await searchParams;
  const tab: BetsTab = params.tab === 'settled' ? 'settled' : 'open';
  const tabPath = tab === 'open' ? '/bets' : '/bets?tab=settled';
  const viewer = await loadSessionViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(tabPath)}`);

  const after = typeof params.after === 'string' ? params.after : null;
  const statuses = tab === 'open' ? OPEN_STATUSES : SETTLED_STATUSES;
  let page;
  try {
    page = await listBets(sharedRuntime().db, viewer.id, { statuses, first: PAGE_SIZE, after });
  } catch (error) {
    // A cursor from an old or edited link: start the list from the top.
    if (error instanceof InvalidBetCursorError) redirect(tabPath);
    throw error;
  }
  const bets = page.edges.map((edge) => toLiveBet(edge.node));

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
      <BetsLive key={tab} tab={tab} initial={bets} firstPage={after === null} />
      {(after || page.hasNextPage) && (
        <nav className="pager" aria-label="More bets">
          {after && (
            <Link href={tabPath} className="button button-secondary">
              Newest
            </Link>
          )}
          {page.hasNextPage && page.endCursor && (
            <Link href={`/bets?tab=${tab}&after=${encodeURIComponent(page.endCursor)}`} className="button button-secondary" data-testid="bets-older">
              Older bets
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
