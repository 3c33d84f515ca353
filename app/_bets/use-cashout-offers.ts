'use client';

import { useSubscription } from '@apollo/client/react';
import { useCallback, useRef } from 'react';
import { useRestartOnError } from '../_live/use-live-event';
import { CASHOUT_OFFERED, type CashoutOfferNode } from './cashout-operations';

/**
 * Follows the live cashout offers of one of the viewer's bets, or of all their open bets when
 * `betId` is null. The server sends one offer per bet when the subscription starts and then one
 * after each odds move, but nothing when a bet opens or part of it is cashed out: `restart` asks
 * again (it starts a fresh subscription, which sends a fresh value for every watched bet).
 */
export function useCashoutOffers(betId: string | null, onOffer: (offer: CashoutOfferNode) => void, options: { skip?: boolean } = {}): { restart(): void } {
  const latest = useRef(onOffer);
  latest.current = onOffer;
  const retry = useRestartOnError();
  const subscription = useSubscription(CASHOUT_OFFERED, {
    variables: { betId },
    skip: options.skip,
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      retry.onData();
      const offer = data.data?.cashoutOffered;
      if (offer) latest.current(offer);
    },
    onError: retry.onError,
  });
  retry.restartRef.current = subscription.restart;
  const restartRef = useRef(subscription.restart);
  restartRef.current = subscription.restart;
  const restart = useCallback(() => restartRef.current(), []);
  return { restart };
}
