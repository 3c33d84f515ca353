import { formatMoney } from '../../lib/money';
import { addToStake } from './slip-math';
import type { SlipAction } from './slip-state';
import styles from './slip.module.css';

/** Quick stake buttons, in minor units. */
const QUICK_AMOUNTS = [500n, 1000n, 2500n, 5000n];

/** The slip's stake field, quick amounts, potential payout and the "accept higher odds" choice. */
export function SlipStake({
  ids,
  stake,
  stakeInvalid,
  payoutMinor,
  acceptHigher,
  dispatch,
}: {
  ids: string;
  stake: string;
  stakeInvalid: boolean;
  payoutMinor: bigint;
  acceptHigher: boolean;
  dispatch(action: SlipAction): void;
}) {
  const stakeId = `${ids}-stake`;
  const stakeErrorId = `${ids}-stake-error`;
  return (
    <>
      <div className={styles.slipStake}>
        <label htmlFor={stakeId}>Stake</label>
        <input
          id={stakeId}
          className={`input ${styles.slipStakeInput}`}
          data-testid="slip-stake"
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          value={stake}
          maxLength={13}
          aria-invalid={stakeInvalid}
          aria-describedby={stakeInvalid ? stakeErrorId : undefined}
          onChange={(e) => dispatch({ type: 'stake', stake: e.target.value })}
        />
      </div>
      {stakeInvalid && (
        <p className="field-error" id={stakeErrorId} data-testid="slip-stake-error">
          Enter an amount such as 10 or 2.50, with at most two decimals.
        </p>
      )}
      <div className="quick-amounts" role="group" aria-label="Add to stake">
        {QUICK_AMOUNTS.map((amount) => (
          <button
            key={amount.toString()}
            type="button"
            className="quick-amount"
            data-testid={`slip-quick-${amount / 100n}`}
            onClick={() => dispatch({ type: 'stake', stake: addToStake(stake, amount) })}
          >
            +{(amount / 100n).toString()}
          </button>
        ))}
      </div>

      <p className={`${styles.slipRow} ${styles.slipPayout}`}>
        <span>Potential payout</span>
        <strong data-testid="slip-payout">{formatMoney(payoutMinor)}</strong>
      </p>

      <label className="check">
        <input type="checkbox" data-testid="slip-accept-higher" checked={acceptHigher} onChange={(e) => dispatch({ type: 'acceptHigher', value: e.target.checked })} />
        <span>Accept higher odds automatically</span>
      </label>
    </>
  );
}
