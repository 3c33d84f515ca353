import { formatMoney } from '../../lib/money';
import { addToStake } from './slip-math';
import type { StakeLimits } from './slip-limits';
import { ODDS_POLICIES, type OddsPolicy, type SlipAction } from './slip-state';
import styles from './slip.module.css';

/** Quick stake buttons, in minor units. */
const QUICK_AMOUNTS = [500n, 1000n, 2500n, 5000n];

const POLICY_LABELS: Record<OddsPolicy, string> = {
  NONE: 'Ask me',
  HIGHER: 'Accept higher',
  ANY: 'Accept any',
};

/** What is wrong with a well-formed stake against the limits, or null. */
export function stakeLimitError(stakeMinor: bigint | null, limits: StakeLimits | null): string | null {
  if (stakeMinor === null || stakeMinor === 0n || !limits) return null;
  if (stakeMinor > limits.maxMinor) return `The most you can stake on these selections is ${formatMoney(limits.maxMinor)}.`;
  if (stakeMinor < limits.minMinor) return `The smallest stake is ${formatMoney(limits.minMinor)}.`;
  return null;
}

/**
 * The slip's stake field with the maximum stake for the picks, quick amounts, the potential payout
 * (only for a stake the server would take) and what to do when the odds change.
 */
export function SlipStake({
  ids,
  stake,
  stakeInvalid,
  limitError,
  limits,
  payoutMinor,
  policy,
  dispatch,
}: {
  ids: string;
  stake: string;
  stakeInvalid: boolean;
  limitError: string | null;
  limits: StakeLimits | null;
  payoutMinor: bigint;
  policy: OddsPolicy;
  dispatch(action: SlipAction): void;
}) {
  const stakeId = `${ids}-stake`;
  const stakeErrorId = `${ids}-stake-error`;
  const maxId = `${ids}-stake-max`;
  const policyName = `${ids}-policy`;
  const error = stakeInvalid ? 'Enter an amount such as 10 or 2.50, with at most two decimals.' : limitError;
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
          aria-invalid={error !== null}
          aria-describedby={[error ? stakeErrorId : null, limits ? maxId : null].filter(Boolean).join(' ') || undefined}
          onChange={(e) => dispatch({ type: 'stake', stake: e.target.value })}
        />
      </div>
      {limits && (
        <p className={styles.slipLimit} id={maxId} data-testid="slip-max-stake" data-max={formatMoney(limits.maxMinor)}>
          Max stake <strong>{formatMoney(limits.maxMinor)}</strong>
          <button type="button" className={styles.slipTextButton} data-testid="slip-stake-max" onClick={() => dispatch({ type: 'stake', stake: formatMoney(limits.maxMinor) })}>
            Use max
          </button>
        </p>
      )}
      {error && (
        <p className="field-error" id={stakeErrorId} data-testid="slip-stake-error">
          {error}
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
        <strong data-testid="slip-payout">{error || !limits ? '–' : formatMoney(payoutMinor)}</strong>
      </p>

      <fieldset className={styles.slipPolicy} data-testid="slip-policy">
        <legend>If the odds change</legend>
        {ODDS_POLICIES.map((value) => (
          <label key={value} className={styles.slipPolicyOption}>
            <input
              type="radio"
              name={policyName}
              value={value}
              data-testid={`slip-policy-${value.toLowerCase()}`}
              checked={policy === value}
              onChange={() => dispatch({ type: 'policy', value })}
            />
            <span>{POLICY_LABELS[value]}</span>
          </label>
        ))}
      </fieldset>
    </>
  );
}
