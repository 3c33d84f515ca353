import { OFFER_TTL_MS, percentOf } from './cashout-math';
import type { Direction, ShownOffer } from './cashout-state';
import { CountdownRing } from './countdown-ring';
import { MovingAmount } from './moving-amount';
import styles from './cashout.module.css';

/**
 * A firm offer with its countdown (until when the server honours the amount): decline, or accept
 * while the connection is live. A whole-bet offer's amount follows the live value in place.
 */
export function CashoutOfferBox({
  offer,
  nowMs,
  stake,
  suspended,
  busy,
  live,
  direction,
  onDecline,
  onAccept,
}: {
  offer: ShownOffer;
  nowMs: number;
  stake: string;
  suspended: boolean;
  busy: 'request' | 'accept' | null;
  live: boolean;
  /** Which way a live re-value last moved the amount on screen. */
  direction: Direction;
  onDecline(): void;
  onAccept(): void;
}) {
  return (
    <div className={styles.cashoutOffer} data-testid="cashout-offer" data-offer-id={offer.id} data-percent={offer.percent} role="group" aria-label="Cash-out offer">
      <div className={styles.cashoutOfferMain}>
        <CountdownRing remainingMs={offer.expiresAtLocalMs - nowMs} totalMs={OFFER_TTL_MS} label="Offer" />
        <div className={styles.cashoutOfferText}>
          <p className={styles.cashoutOfferLabel}>{offer.percent === 100 ? 'Offer for the whole bet' : `Offer for ${offer.percent}% of your stake (${percentOf(stake, offer.percent)})`}</p>
          <p className={styles.cashoutOfferAmount} data-testid="cashout-offer-amount" data-amount={offer.amount} data-direction={direction ?? undefined}>
            <MovingAmount amount={offer.amount} direction={direction} />
          </p>
        </div>
      </div>
      {suspended && <p className={styles.cashoutNote}>A market of this bet is suspended; the offer can be taken when it reopens.</p>}
      {!live && <p className={styles.cashoutNote}>Reconnecting: the offer can be taken once prices are live again.</p>}
      <div className={styles.cashoutActions}>
        <button type="button" className="button button-secondary" data-testid="cashout-decline" onClick={onDecline} disabled={busy === 'accept'}>
          Decline
        </button>
        <button type="button" className="button" data-testid="cashout-accept" onClick={onAccept} disabled={busy !== null || suspended || !live}>
          {busy === 'accept' ? 'Cashing out…' : `Accept ${offer.amount}`}
        </button>
      </div>
    </div>
  );
}
