'use client';

import { useApolloClient, useQuery } from '@apollo/client/react';
import Link from 'next/link';
import { useCallback, useRef, useState } from 'react';
import type { BetsPageQuery } from '../_gql/graphql';
import { usePrimedQuery } from '../_live/use-primed-query';
import { useLiveSubscription } from '../_live/use-live-subscription';
import { useResyncOnConnect } from '../_live/use-resync';
import { useBetEvents } from './bet-events';
import { BetRow } from './bet-row';
import { BETS_PAGE_SIZE, BETS_TABS, BetsPageDocument, CashoutOfferedDocument as CashoutOfferedAll, type BetsTab } from './operations';
import styles from './bets-list.module.css';


/**
 * One tab of the bets list, server-rendered and then read from the cache: a bet update moves a bet
 * into or out of the tab's cached list (bet-lists-cache.ts), and "Older bets" pages on with
 * `fetchMore` into the same list (relayStylePagination).
 */
export function BetsLive({ tab, initial }: { tab: BetsTab; initial: BetsPageQuery }) {
  const client = useApolloClient();
  const variables = { statusIn: BETS_TABS[tab], first: BETS_PAGE_SIZE };
  usePrimedQuery(BetsPageDocument, variables, initial);
  const { data: read, fetchMore } = useQuery(BetsPageDocument, { variables, fetchPolicy: 'cache-only' });
  const connection = (read ?? initial).viewer?.bets;
  const bets = connection?.edges.map((edge) => edge.node) ?? [];
  const [loadingMore, setLoadingMore] = useState(false);

  // The live cashout value of each open bet, from the viewer's offers for all of them.
  const [values, setValues] = useState<ReadonlyMap<string, string>>(new Map());
  const [restarts, setRestarts] = useState(0);
  const versions = useRef(new Map<string, number>());
  useLiveSubscription(CashoutOfferedAll, {
    variables: { betId: null },
    skip: tab !== 'open',
    restartKey: restarts,
    onData: ({ cashoutOffered: offer }) => {
      // An offer older than one already shown for the bet carries an older price: dropped.
      if (offer.version <= (versions.current.get(offer.bet.id) ?? 0)) return;
      versions.current.set(offer.bet.id, offer.version);
      setValues((current) => (current.get(offer.bet.id) === offer.amount ? current : new Map(current).set(offer.bet.id, offer.amount)));
    },
  });

  useBetEvents(({ kind, bet }) => {
    const revalue = kind === 'ACCEPTED' || kind === 'PARTIALLY_CASHED_OUT' || kind === 'LEG_UPDATED';
    if (tab !== 'open' || !(revalue || bet.status !== 'OPEN')) return;
    // The value shown may be wrong now: the bet closed, its stake changed, or a leg's market was
    // suspended (no value) or reopened. The server values the bet afresh after the update, but
    // that value can arrive before the update does and be dropped here; so the subscription
    // restarts, and on subscribing the server sends each open bet's value as of then (none while a
    // market is suspended). Before, the restart was a state toggled during render, which React
    // never commits, so no restart happened and the value could stay blank.
    setValues((current) => {
      if (!current.has(bet.id)) return current;
      const next = new Map(current);
      next.delete(bet.id);
      return next;
    });
    if (revalue && bet.status === 'OPEN') setRestarts((n) => n + 1);
  });

  // Updates published before the subscription started are read again once connected.
  const reread = useCallback(() => client.query({ query: BetsPageDocument, variables, fetchPolicy: 'network-only' }), [client, tab]); // eslint-disable-line react-hooks/exhaustive-deps
  const ready = useResyncOnConnect(reread);

  async function older() {
    if (!connection?.pageInfo.endCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      await fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div data-testid="bets-live" data-live-ready={ready ? 'true' : 'false'}>
      {bets.length === 0 ? (
        <p className="empty" data-testid="bets-empty">
          {tab === 'open' ? (
            <>
              No open bets. <Link href="/">Pick a price in the lobby</Link> to place one.
            </>
          ) : (
            'No settled bets yet.'
          )}
        </p>
      ) : (
        <ul className={styles.betRows}>
          {bets.map((bet) => (
            <BetRow key={bet.id} bet={bet} cashoutValue={bet.status === 'OPEN' ? (values.get(bet.id) ?? null) : null} />
          ))}
        </ul>
      )}
      {connection?.pageInfo.hasNextPage && (
        <nav className={styles.pager} aria-label="More bets">
          <button type="button" className="button button-secondary" data-testid="bets-older" disabled={loadingMore} onClick={() => void older()}>
            {loadingMore ? 'Loading…' : 'Older bets'}
          </button>
        </nav>
      )}
    </div>
  );
}
