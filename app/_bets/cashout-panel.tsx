'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import { useViewer } from '../_account/viewer-context';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { useToast } from '../_toasts/toasts';
import { AutoCashoutForm } from './auto-cashout-form';
import { betTitle } from './bet-labels';
import { clampPercent, OFFER_TTL_MS, percentOf } from './cashout-math';
import { ACCEPT_CASHOUT, REQUEST_CASHOUT, type CashoutOfferNode } from './cashout-operations';
import { CountdownRing } from './countdown-ring';
import { fromBetNode } from './operations';
import type { LiveBet } from './types';
import { useCashoutOffers } from './use-cashout-offers';

/** How often the countdown ring redraws. */
const TICK_MS = 200;
/** Without a live value this long, the panel says cash out is unavailable for now. */
const NO_VALUE_MS = 5000;
/** Quick choices beside the slider, for a thumb on a phone. */
const QUICK_PERCENTS = [25, 50, 75, 100];

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** An offer on screen: the server's fields plus when it ends on this browser's clock. */
interface ShownOffer {
  id: string;
  amount: string;
  percent: number;
  /** On the server's clock: offers made later end later, which orders them. */
  expiresAt: string;
  expiresAtLocalMs: number;
}

/** What the ticket does when this tab accepts a cashout, so the bet update that follows is not toasted twice. */
export interface OwnCashouts {
  begin(): void;
  cancel(): void;
}

/**
 * The cash-out panel of an open bet: the live value (from `cashoutOffered`), a slider for the share
 * of the stake, and a button that asks for a firm offer. The offer holds for 30 seconds, shown by a
 * countdown ring, and disappears by itself when the ring runs out. Accepting pays it into the
 * wallet; a price that moved meanwhile brings a fresh offer instead.
 */
export function CashoutPanel({ bet, serverNowMs, onBet, ownCashouts }: { bet: LiveBet; serverNowMs: number; onBet: (bet: LiveBet) => void; ownCashouts: OwnCashouts }) {
  const client = useApolloClient();
  const toast = useToast();
  const { refresh } = useViewer();
  const ids = useId();
  const betId = bet.id;

  /** The latest live value (100% of the current stake), or null until one arrives. */
  const [live, setLive] = useState<string | null>(null);
  /** Why the server refused the last request, until a live value says it is available again. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const [waitedOut, setWaitedOut] = useState(false);
  const [percent, setPercent] = useState(100);
  const [offer, setOfferState] = useState<ShownOffer | null>(null);
  const [busy, setBusyState] = useState<'request' | 'accept' | null>(null);
  const [nowMs, setNowMs] = useState(0);

  // Handlers of socket messages and timers read the newest state through these.
  const offerRef = useRef<ShownOffer | null>(null);
  const busyRef = useRef<'request' | 'accept' | null>(null);
  // Server clock minus this browser's clock, first from the page render, then from each offer's
  // answer (an offer's 30 seconds start after the request was sent, so the estimate never
  // shows more time than the server gives).
  const [initialOffsetMs] = useState(() => (typeof window === 'undefined' ? 0 : serverNowMs - Date.now()));
  const offsetRef = useRef(initialOffsetMs);

  const setOffer = useCallback((next: ShownOffer | null) => {
    offerRef.current = next;
    setOfferState(next);
    if (next) setNowMs(Date.now());
  }, []);
  const setBusy = useCallback((next: 'request' | 'accept' | null) => {
    busyRef.current = next;
    setBusyState(next);
  }, []);

  /** An offer from the server, placed on this browser's clock; `sentAtMs` is when its request left. */
  const shown = useCallback((node: CashoutOfferNode, sentAtMs?: number): ShownOffer => {
    const expiresAtServerMs = Date.parse(node.expiresAt);
    if (sentAtMs !== undefined) offsetRef.current = expiresAtServerMs - OFFER_TTL_MS - sentAtMs;
    const expiresAtLocalMs = Math.min(expiresAtServerMs - offsetRef.current, Date.now() + OFFER_TTL_MS);
    return { id: node.id, amount: node.amount, percent: node.percent, expiresAt: node.expiresAt, expiresAtLocalMs };
  }, []);

  const priceChanged = useCallback(
    (amount: string) => toast({ kind: 'info', tag: 'cashout-price-changed', title: 'Price changed', body: `New cash-out offer: ${amount}` }),
    [toast],
  );

  const request = useCallback(
    async (share: number, replacing: ShownOffer | null = null) => {
      if (busyRef.current) return;
      setBusy('request');
      const sentAtMs = Date.now();
      try {
        const { data } = await client.mutate({ mutation: REQUEST_CASHOUT, variables: { betId, percent: share }, fetchPolicy: 'no-cache' });
        const result = data?.requestCashout;
        if (!result) throw new Error('requestCashout answered nothing');
        // A quote replacing an offer the bettor has meanwhile declined is not shown.
        if (replacing && offerRef.current?.id !== replacing.id) return;
        if (result.__typename === 'CashoutOffer') {
          setOffer(shown(result, sentAtMs));
          setRefusal(null);
          if (result.percent === 100) setLive(result.amount);
          if (replacing && replacing.amount !== result.amount) priceChanged(result.amount);
          return;
        }
        setOffer(null);
        if (result.code === 'CASHOUT_UNAVAILABLE') setRefusal(result.message);
        else toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: result.message });
      } catch (error) {
        setOffer(null);
        toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
      } finally {
        setBusy(null);
      }
    },
    [client, betId, setBusy, setOffer, shown, priceChanged, toast],
  );

  const { restart } = useCashoutOffers(betId, (node) => {
    if (node.bet.id !== betId) return;
    setLive(node.amount);
    setRefusal(null);
    setWaitedOut(false);
    const current = offerRef.current;
    if (!current || busyRef.current) return;
    // Every offer the server makes for a bet replaces the older ones. A live offer made after the
    // one on screen (the odds moved, or the subscription started again) has replaced it: a
    // 100% offer takes its place as it is; a part is quoted again at the new price.
    if (Date.parse(node.expiresAt) <= Date.parse(current.expiresAt)) return;
    if (current.percent === 100) {
      setOffer(shown(node));
      if (node.amount !== current.amount) priceChanged(node.amount);
    } else {
      void request(current.percent, current);
    }
  });

  // No value for a while: say so rather than wait silently (a request tells the reason).
  useEffect(() => {
    if (live) return;
    const timer = setTimeout(() => setWaitedOut(true), NO_VALUE_MS);
    return () => clearTimeout(timer);
  }, [live]);

  // The countdown: redraw the ring, and drop the offer when its time is up.
  useEffect(() => {
    if (!offer) return;
    const tick = () => {
      const now = Date.now();
      setNowMs(now);
      if (now < offer.expiresAtLocalMs || busyRef.current === 'accept' || offerRef.current?.id !== offer.id) return;
      setOffer(null);
      toast({ kind: 'info', tag: 'cashout-expired', title: 'Offer expired', body: 'Ask for a new offer to cash out.' });
    };
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  }, [offer, setOffer, toast]);

  async function accept() {
    const current = offerRef.current;
    if (!current || busyRef.current) return;
    setBusy('accept');
    ownCashouts.begin();
    const sentAtMs = Date.now();
    try {
      const { data } = await client.mutate({ mutation: ACCEPT_CASHOUT, variables: { offerId: current.id }, fetchPolicy: 'no-cache' });
      const result = data?.acceptCashout;
      if (!result) throw new Error('acceptCashout answered nothing');
      if (result.__typename === 'CashoutAccepted') {
        setOffer(null);
        setPercent(100);
        toast({ kind: 'success', tag: 'cashout-accepted', title: `Cashed out ${result.amount}`, body: betTitle(bet) });
        const next = fromBetNode(result.bet);
        onBet(next);
        void refresh();
        if (next.status === 'OPEN') {
          // The value was for the old stake; the server sends the new one when asked again.
          setLive(null);
          restart();
        }
        return;
      }
      ownCashouts.cancel();
      if (result.__typename === 'PriceChanged') {
        if (result.offer) {
          setOffer(shown(result.offer, sentAtMs));
          if (result.offer.percent === 100) setLive(result.offer.amount);
          priceChanged(result.offer.amount);
        } else {
          setOffer(null);
          toast({ kind: 'info', tag: 'cashout-price-changed', title: 'Price changed', body: result.message });
        }
        return;
      }
      setOffer(null);
      if (result.code === 'OFFER_EXPIRED') {
        toast({ kind: 'info', tag: 'cashout-expired', title: 'Offer expired', body: result.message });
      } else if (result.code === 'CASHOUT_UNAVAILABLE') {
        setRefusal(result.message);
        toast({ kind: 'error', tag: 'cashout-unavailable', title: 'Cash out unavailable', body: result.message });
      } else {
        toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: result.message });
      }
    } catch (error) {
      // The outcome is unknown: the bet update, if one comes, tells the rest.
      ownCashouts.cancel();
      toast({ kind: 'error', tag: 'cashout-error', title: 'Could not cash out', body: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
    } finally {
      setBusy(null);
    }
  }

  function decline() {
    setOffer(null);
  }

  const suspended = bet.legs.some((leg) => leg.marketStatus === 'SUSPENDED');
  const unavailable = suspended || refusal !== null || (live === null && waitedOut);
  const unavailableWhy = suspended || (refusal !== null && /suspend/i.test(refusal)) ? 'market suspended' : null;
  const unavailableDetail = suspended ? null : (refusal ?? (live === null ? 'No cash-out price right now.' : null));
  const value = unavailable ? null : live;
  const estimate = value === null ? null : percentOf(value, percent);
  const stakePart = percentOf(bet.stake, percent);
  const state = offer ? 'offer' : unavailable ? 'unavailable' : value === null ? 'waiting' : 'ready';

  return (
    <section className="cashout" aria-labelledby={`${ids}-title`} data-testid="cashout-panel" data-state={state}>
      <div className="cashout-head">
        <h2 id={`${ids}-title`} className="cashout-title">
          Cash out
        </h2>
        {!unavailable && (
          <p className="cashout-value" data-testid="cashout-value" data-amount={value ?? ''}>
            <span className="cashout-value-label">Value now</span>
            <strong>{value ?? '…'}</strong>
          </p>
        )}
      </div>
      {unavailable && (
        <p className="cashout-unavailable" data-testid="cashout-unavailable" role="status">
          <strong>Cash out unavailable{unavailableWhy ? ` — ${unavailableWhy}` : ''}</strong>
          {unavailableDetail && <span>{unavailableDetail}</span>}
        </p>
      )}

      {offer ? (
        <div className="cashout-offer" data-testid="cashout-offer" data-offer-id={offer.id} data-percent={offer.percent} role="group" aria-label="Cash-out offer">
          <div className="cashout-offer-main">
            <CountdownRing remainingMs={offer.expiresAtLocalMs - nowMs} totalMs={OFFER_TTL_MS} label="Offer" />
            <div className="cashout-offer-text">
              <p className="cashout-offer-label">{offer.percent === 100 ? 'Offer for the whole bet' : `Offer for ${offer.percent}% of your stake (${percentOf(bet.stake, offer.percent)})`}</p>
              <p className="cashout-offer-amount" data-testid="cashout-offer-amount">
                {offer.amount}
              </p>
            </div>
          </div>
          {suspended && <p className="cashout-note">A market of this bet is suspended; the offer can be taken when it reopens.</p>}
          <div className="cashout-actions">
            <button type="button" className="button button-secondary" data-testid="cashout-decline" onClick={decline} disabled={busy === 'accept'}>
              Decline
            </button>
            <button type="button" className="button" data-testid="cashout-accept" onClick={() => void accept()} disabled={busy !== null || suspended}>
              {busy === 'accept' ? 'Cashing out…' : `Accept ${offer.amount}`}
            </button>
          </div>
        </div>
      ) : (
        <div className="cashout-request">
          <div className="cashout-share">
            <label htmlFor={`${ids}-percent`} className="cashout-share-label" data-testid="cashout-share-label">
              <span>
                Cash out <strong data-testid="cashout-percent">{percent}%</strong>
              </span>
              <span className="cashout-share-detail">
                stake <strong data-testid="cashout-stake-part">{stakePart}</strong> of {bet.stake}
                {estimate !== null && (
                  <>
                    {' '}
                    · ≈ <strong data-testid="cashout-estimate">{estimate}</strong>
                  </>
                )}
              </span>
            </label>
            <input
              id={`${ids}-percent`}
              className="cashout-slider"
              type="range"
              min={1}
              max={100}
              step={1}
              value={percent}
              onChange={(e) => setPercent(clampPercent(e.target.value))}
              aria-valuetext={`${percent}%, stake ${stakePart}`}
              style={{ '--fill': `${percent}%` } as CSSProperties}
              data-testid="cashout-slider"
            />
            <div className="cashout-quick" role="group" aria-label="Share of the stake">
              {QUICK_PERCENTS.map((quick) => (
                <button
                  key={quick}
                  type="button"
                  className="quick-amount"
                  aria-pressed={percent === quick}
                  onClick={() => setPercent(quick)}
                  data-testid={`cashout-quick-${quick}`}
                >
                  {quick === 100 ? 'All' : `${quick}%`}
                </button>
              ))}
            </div>
          </div>
          <button
            type="button"
            className="button cashout-button"
            data-testid="cashout-request"
            disabled={busy !== null || suspended}
            onClick={() => void request(percent)}
          >
            {busy === 'request' ? 'Getting an offer…' : estimate !== null ? `Cash out ${estimate}` : 'Cash out'}
          </button>
        </div>
      )}

      <AutoCashoutForm bet={bet} liveValue={value} onBet={onBet} />
    </section>
  );
}
