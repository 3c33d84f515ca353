'use client';

import { useApolloClient } from '@apollo/client/react';
import { useEffect, useId, useReducer, useState } from 'react';
import type { BetTicket_BetFragment } from '../_gql/graphql';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { useLiveSubscription } from '../_live/use-live-subscription';
import { useToast } from '../_toasts/toasts';
import { AutoCashoutForm } from './auto-cashout-form';
import { betTitle } from './bet-labels';
import { CashoutOfferBox } from './cashout-offer-box';
import { CashoutRequest } from './cashout-request';
import { percentOf } from './cashout-math';
import { cashoutReducer, initialCashoutState } from './cashout-state';
import { AcceptCashoutDocument, CashoutOfferedDocument, RequestCashoutDocument } from './operations';
import styles from './cashout.module.css';

/** How often the countdown ring redraws. */
const TICK_MS = 200;
/** Without a live value this long, the panel says cash out is unavailable for now. */
const NO_VALUE_MS = 5000;

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** What the ticket does when this tab accepts a cashout, so the bet update that follows is not toasted twice. */
export interface OwnCashouts {
  begin(): void;
  cancel(): void;
}

/**
 * The cash-out panel of an open bet: the live value (from `cashoutOffered`), a slider for the share
 * of the stake, and a button that asks for a firm offer. The offer holds for 30 seconds, shown by a
 * countdown ring, and disappears by itself when the ring runs out. Accepting pays it into the
 * wallet (the answer's bet lands in the cache for the ticket); a price that moved meanwhile brings
 * a fresh offer instead. While the connection is not live (`live` false) the value is marked stale
 * and nothing that acts on it can be pressed. Its state is one reducer (cashout-state.ts).
 */
export function CashoutPanel({
  bet,
  suspended,
  live,
  serverNowMs,
  ownCashouts,
}: {
  bet: BetTicket_BetFragment;
  suspended: boolean;
  live: boolean;
  serverNowMs: number;
  ownCashouts: OwnCashouts;
}) {
  const client = useApolloClient();
  const toast = useToast();
  const ids = useId();
  const betId = bet.id;
  const [state, dispatch] = useReducer(cashoutReducer, serverNowMs, (now) => initialCashoutState(typeof window === 'undefined' ? 0 : now - Date.now()));
  const [restarts, setRestarts] = useState(0);
  const priceChanged = (amount: string) => toast({ kind: 'info', tag: 'cashout-price-changed', title: 'Price changed', body: `New cash-out offer: ${amount}` });

  // A fresh subscription (after a partial cashout) sends a fresh value at once.
  useLiveSubscription(CashoutOfferedDocument, {
    variables: { betId },
    skip: restarts % 2 === 1,
    onData: ({ cashoutOffered: offer }) => {
      if (offer.bet.id !== betId) return;
      const current = state.offer;
      if (current && !state.busy && current.percent === 100 && offer.amount !== current.amount && Date.parse(offer.expiresAt) > Date.parse(current.expiresAt)) priceChanged(offer.amount);
      dispatch({ type: 'liveOffer', offer, nowMs: Date.now() });
    },
  });
  useEffect(() => {
    if (restarts % 2 === 1) setRestarts((n) => n + 1);
  }, [restarts]);

  async function request(share: number, replacing: boolean) {
    if (state.busy) return;
    dispatch({ type: 'busy', busy: 'request' });
    const sentAtMs = Date.now();
    try {
      const { data } = await client.mutate({ mutation: RequestCashoutDocument, variables: { betId, percent: share } });
      const result = data?.requestCashout;
      if (!result) throw new Error('requestCashout answered nothing');
      if (result.__typename === 'CashoutOffer') {
        dispatch({ type: 'offered', offer: result, sentAtMs, nowMs: Date.now() });
        if (replacing && state.offer && state.offer.amount !== result.amount) priceChanged(result.amount);
        return;
      }
      if (result.code === 'CASHOUT_UNAVAILABLE') dispatch({ type: 'refused', message: result.message });
      else {
        dispatch({ type: 'dropOffer' });
        toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: result.message });
      }
    } catch (error) {
      dispatch({ type: 'dropOffer' });
      toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
    } finally {
      dispatch({ type: 'busy', busy: null });
    }
  }

  // A live move replaced a part offer on screen: quote that part again at the new price.
  useEffect(() => {
    if (state.requote !== null && !state.busy) void request(state.requote, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a requote is asked for
  }, [state.requote, state.busy]);

  // No value for a while: say so rather than wait silently (a request tells the reason).
  useEffect(() => {
    if (state.value) return;
    const timer = setTimeout(() => dispatch({ type: 'waitedOut' }), NO_VALUE_MS);
    return () => clearTimeout(timer);
  }, [state.value]);

  // The countdown: redraw the ring, and drop the offer when its time is up.
  const offer = state.offer;
  useEffect(() => {
    if (!offer) return;
    const timer = setInterval(() => dispatch({ type: 'tick', nowMs: Date.now() }), TICK_MS);
    return () => clearInterval(timer);
  }, [offer]);
  const expired = offer !== null && state.nowMs >= offer.expiresAtLocalMs && state.busy !== 'accept';
  useEffect(() => {
    if (!expired) return;
    dispatch({ type: 'dropOffer' });
    toast({ kind: 'info', tag: 'cashout-expired', title: 'Offer expired', body: 'Ask for a new offer to cash out.' });
  }, [expired, toast]);

  async function accept() {
    if (!offer || state.busy || !live) return;
    dispatch({ type: 'busy', busy: 'accept' });
    ownCashouts.begin();
    const sentAtMs = Date.now();
    try {
      const { data } = await client.mutate({ mutation: AcceptCashoutDocument, variables: { offerId: offer.id } });
      const result = data?.acceptCashout;
      if (!result) throw new Error('acceptCashout answered nothing');
      if (result.__typename === 'CashoutAccepted') {
        const stillOpen = result.bet.status === 'OPEN';
        dispatch({ type: 'cashedOut', stillOpen });
        toast({ kind: 'success', tag: 'cashout-accepted', title: `Cashed out ${result.amount}`, body: betTitle(bet) });
        if (stillOpen) setRestarts((n) => n + 1);
        return;
      }
      ownCashouts.cancel();
      if (result.__typename === 'PriceChanged') {
        if (result.offer) {
          dispatch({ type: 'offered', offer: result.offer, sentAtMs, nowMs: Date.now() });
          priceChanged(result.offer.amount);
        } else {
          dispatch({ type: 'dropOffer' });
          toast({ kind: 'info', tag: 'cashout-price-changed', title: 'Price changed', body: result.message });
        }
        return;
      }
      if (result.code === 'OFFER_EXPIRED') {
        dispatch({ type: 'dropOffer' });
        toast({ kind: 'info', tag: 'cashout-expired', title: 'Offer expired', body: result.message });
      } else if (result.code === 'CASHOUT_UNAVAILABLE') {
        dispatch({ type: 'refused', message: result.message });
        toast({ kind: 'error', tag: 'cashout-unavailable', title: 'Cash out unavailable', body: result.message });
      } else {
        dispatch({ type: 'dropOffer' });
        toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: result.message });
      }
    } catch (error) {
      // The outcome is unknown: the bet update, if one comes, tells the rest.
      ownCashouts.cancel();
      toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
    } finally {
      dispatch({ type: 'busy', busy: null });
    }
  }

  const unavailable = suspended || state.refusal !== null || (state.value === null && state.waitedOut);
  const unavailableWhy = suspended || (state.refusal !== null && /suspend/i.test(state.refusal)) ? 'market suspended' : null;
  const unavailableDetail = suspended ? null : (state.refusal ?? (state.value === null ? 'No cash-out price right now.' : null));
  const value = unavailable ? null : state.value;
  const estimate = value === null ? null : percentOf(value, state.percent);
  const panelState = offer ? 'offer' : unavailable ? 'unavailable' : value === null ? 'waiting' : 'ready';
  const stale = !live;

  return (
    <section className={styles.cashout} aria-labelledby={`${ids}-title`} data-testid="cashout-panel" data-state={panelState} data-stale={stale ? 'true' : 'false'}>
      <div className={styles.cashoutHead}>
        <h2 id={`${ids}-title`} className={styles.cashoutTitle}>
          Cash out
        </h2>
        {!unavailable && (
          <p className={styles.cashoutValue} data-testid="cashout-value" data-amount={value ?? ''} data-stale={stale ? 'true' : undefined}>
            <span className={styles.cashoutValueLabel}>{stale ? 'Value (reconnecting…)' : 'Value now'}</span>
            <strong>{value ?? '…'}</strong>
          </p>
        )}
      </div>
      {unavailable && (
        <p className={styles.cashoutUnavailable} data-testid="cashout-unavailable" role="status">
          <strong>Cash out unavailable{unavailableWhy ? ` — ${unavailableWhy}` : ''}</strong>
          {unavailableDetail && <span>{unavailableDetail}</span>}
        </p>
      )}

      {offer ? (
        <CashoutOfferBox
          offer={offer}
          nowMs={state.nowMs}
          stake={bet.stake}
          suspended={suspended}
          busy={state.busy}
          live={live}
          onDecline={() => dispatch({ type: 'dropOffer' })}
          onAccept={() => void accept()}
        />
      ) : (
        <CashoutRequest
          ids={ids}
          stake={bet.stake}
          percent={state.percent}
          estimate={estimate}
          disabled={state.busy !== null || suspended || !live}
          busy={state.busy === 'request'}
          onPercent={(percent) => dispatch({ type: 'percent', percent })}
          onRequest={() => void request(state.percent, false)}
        />
      )}

      <AutoCashoutForm bet={bet} liveValue={value} />
    </section>
  );
}
