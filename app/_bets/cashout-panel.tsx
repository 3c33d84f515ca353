'use client';

import { useApolloClient } from '@apollo/client/react';
import { useEffect, useId, useReducer, useState } from 'react';
import type { BetTicket_BetFragment } from '../_gql/graphql';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { useLiveSubscription } from '../_live/use-live-subscription';
import { AutoCashoutForm } from './auto-cashout-form';
import { CashoutOfferBox } from './cashout-offer-box';
import { CashoutRequest } from './cashout-request';
import { MovingAmount } from './moving-amount';
import { percentOf } from './cashout-math';
import { cashoutReducer, initialCashoutState, type CashoutNotice } from './cashout-state';
import { AcceptCashoutDocument, CashoutOfferedDocument, RequestCashoutDocument } from './operations';
import styles from './cashout.module.css';

/** How often the countdown ring redraws. */
const TICK_MS = 200;
/** Without a live value this long, the panel says cash out is unavailable for now. */
const NO_VALUE_MS = 5000;

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** What the ticket does when this tab accepts a cashout: the panel says it, so the bet update that follows is not toasted. */
export interface OwnCashouts {
  begin(): void;
  cancel(): void;
}

/**
 * The cash-out panel of an open bet: the live value (from `cashoutOffered`, updated in place with
 * a small up/down cue), a slider for the share of the stake, and a button that asks for a firm
 * offer. The offer's countdown is the server's validity (a live re-value of a whole-bet offer keeps
 * its end; docs/decisions/0023-cashout-that-holds-still.md), and the offer disappears when it runs
 * out. Accepting pays the amount on screen whenever the bet is still worth at least that; only a
 * fall comes back, with the new value on the Accept button. Everything the panel has to say goes
 * to its one notice line, in the flow of the panel (no toasts, nothing over a button). While the
 * connection is not live (`live` false) the value is marked stale and nothing that acts on it can
 * be pressed. Its state is one reducer (cashout-state.ts).
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
  const ids = useId();
  const betId = bet.id;
  const [state, dispatch] = useReducer(cashoutReducer, serverNowMs, (now) => initialCashoutState(typeof window === 'undefined' ? 0 : now - Date.now()));
  const [restarts, setRestarts] = useState(0);
  const error = (text: string): CashoutNotice => ({ kind: 'error', text });

  // A fresh subscription (after a partial cashout) sends a fresh value at once. Each push updates
  // the value (and a whole-bet offer on screen) in place; older pushes are dropped by version.
  useLiveSubscription(CashoutOfferedDocument, {
    variables: { betId },
    restartKey: restarts,
    onData: ({ cashoutOffered: offer }) => {
      if (offer.bet.id !== betId) return;
      dispatch({ type: 'liveOffer', offer, nowMs: Date.now() });
    },
  });

  async function request(share: number) {
    if (state.busy) return;
    dispatch({ type: 'busy', busy: 'request' });
    const sentAtMs = Date.now();
    try {
      const { data } = await client.mutate({ mutation: RequestCashoutDocument, variables: { betId, percent: share } });
      const result = data?.requestCashout;
      if (!result) throw new Error('requestCashout answered nothing');
      if (result.__typename === 'CashoutOffer') {
        dispatch({ type: 'offered', offer: result, sentAtMs, nowMs: Date.now() });
        return;
      }
      if (result.code === 'CASHOUT_UNAVAILABLE') dispatch({ type: 'refused', message: result.message });
      else dispatch({ type: 'dropOffer', notice: error(result.message) });
    } catch (failure) {
      dispatch({ type: 'dropOffer', notice: error(graphqlErrorCode(failure) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR) });
    } finally {
      dispatch({ type: 'busy', busy: null });
    }
  }

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
    if (expired) dispatch({ type: 'dropOffer', notice: { kind: 'info', text: 'The offer ran out. Ask for a new one to cash out.' } });
  }, [expired]);

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
        dispatch({ type: 'cashedOut', stillOpen, notice: { kind: 'success', text: stillOpen ? `Cashed out ${result.amount}; the rest of the stake stays on.` : `Cashed out ${result.amount}.` } });
        if (stillOpen) setRestarts((n) => n + 1);
        return;
      }
      ownCashouts.cancel();
      if (result.__typename === 'PriceChanged') {
        // Only a fall comes back: the new value is on the Accept button, one tap away.
        if (result.offer) dispatch({ type: 'offered', offer: result.offer, sentAtMs, nowMs: Date.now(), notice: { kind: 'info', text: `The value fell to ${result.offer.amount}. Accept it, or decline.` } });
        else dispatch({ type: 'dropOffer', notice: { kind: 'info', text: result.message } });
        return;
      }
      if (result.code === 'OFFER_EXPIRED') dispatch({ type: 'dropOffer', notice: { kind: 'info', text: result.message } });
      else if (result.code === 'CASHOUT_UNAVAILABLE') dispatch({ type: 'refused', message: result.message });
      else dispatch({ type: 'dropOffer', notice: error(result.message) });
    } catch (failure) {
      // The outcome is unknown: the bet update, if one comes, tells the rest.
      ownCashouts.cancel();
      dispatch({ type: 'notice', notice: error(graphqlErrorCode(failure) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR) });
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
          <p className={styles.cashoutValue} data-testid="cashout-value" data-amount={value ?? ''} data-direction={state.valueDirection ?? undefined} data-stale={stale ? 'true' : undefined}>
            <span className={styles.cashoutValueLabel}>{stale ? 'Value (reconnecting…)' : 'Value now'}</span>
            <MovingAmount amount={value ?? '…'} direction={value === null ? null : state.valueDirection} />
          </p>
        )}
      </div>
      {/* The panel's one notification area, in the flow: it pushes the actions down, never covers them. */}
      <div className={styles.cashoutNoticeArea} data-testid="cashout-notice-area" role="status">
        {unavailable ? (
          <p className={styles.cashoutUnavailable} data-testid="cashout-unavailable">
            <strong>Cash out unavailable{unavailableWhy ? ` — ${unavailableWhy}` : ''}</strong>
            {unavailableDetail && <span>{unavailableDetail}</span>}
          </p>
        ) : (
          state.notice && (
            <p className={styles.cashoutNotice} data-testid="cashout-notice" data-kind={state.notice.kind}>
              {state.notice.text}
            </p>
          )
        )}
      </div>

      {offer ? (
        <CashoutOfferBox
          offer={offer}
          nowMs={state.nowMs}
          stake={bet.stake}
          suspended={suspended}
          busy={state.busy}
          live={live}
          direction={state.offerDirection}
          onDecline={() => dispatch({ type: 'dropOffer', notice: undefined })}
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
          onRequest={() => void request(state.percent)}
        />
      )}

      <AutoCashoutForm bet={bet} liveValue={value} />
    </section>
  );
}
