'use client';

import { useApolloClient } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { formatMoney } from '../../lib/money';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { parseStake } from '../_slip/slip-math';
import { compareMoney } from './cashout-math';
import { SetAutoCashoutDocument } from './operations';
import styles from './cashout.module.css';

interface Notice {
  kind: 'success' | 'error';
  text: string;
  /** With TARGET_TOO_HIGH: the highest target the bet takes. */
  maxTarget?: string;
}

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/**
 * The auto cash-out rule of an open bet: the value at which the server cashes the whole bet out by
 * itself, whether or not this page is open. Shows the current target, sets a new one, clears it.
 */
export function AutoCashoutForm({ bet, liveValue }: { bet: { id: string; autoCashoutTarget: string | null }; liveValue: string | null }) {
  const client = useApolloClient();
  const ids = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const targetMinor = parseStake(text);
  const typed = text.trim() !== '';
  const invalid = typed && (targetMinor === null || targetMinor <= 0n);
  const typedTarget = typed && !invalid && targetMinor !== null ? formatMoney(targetMinor) : null;
  const firesAtOnce = typedTarget !== null && liveValue !== null && compareMoney(liveValue, typedTarget) >= 0;

  async function save(target: string | null) {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      const { data } = await client.mutate({ mutation: SetAutoCashoutDocument, variables: { betId: bet.id, target } });
      const result = data?.setAutoCashout;
      if (!result) throw new Error('setAutoCashout answered nothing');
      if (result.__typename === 'AutoCashoutSet') {
        setText('');
        setNotice({ kind: 'success', text: target === null ? 'Auto cash-out is off.' : `Auto cash-out set at ${target}.` });
      } else {
        // TARGET_TOO_HIGH says the highest target the bet takes; the message names it too.
        setNotice({ kind: 'error', text: result.message, maxTarget: result.__typename === 'AutoCashoutTargetTooHigh' ? result.maxTarget : undefined });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!typedTarget) {
      setNotice({ kind: 'error', text: 'Enter a target above zero, such as 15.00.' });
      return;
    }
    void save(typedTarget);
  }

  return (
    <form className={styles.autoCashout} data-testid="auto-cashout" onSubmit={onSubmit} noValidate>
      <div className={styles.autoCashoutHead}>
        <label htmlFor={`${ids}-target`} className={styles.autoCashoutTitle}>
          Auto cash-out
        </label>
        <span className={styles.autoCashoutCurrent} data-testid="auto-cashout-current" data-target={bet.autoCashoutTarget ?? ''}>
          {bet.autoCashoutTarget ? (
            <>
              at <strong>{bet.autoCashoutTarget}</strong>
            </>
          ) : (
            'Off'
          )}
        </span>
      </div>
      <div className={styles.autoCashoutRow}>
        <input
          id={`${ids}-target`}
          className="input"
          inputMode="decimal"
          autoComplete="off"
          placeholder={bet.autoCashoutTarget ?? '0.00'}
          maxLength={13}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setNotice(null);
          }}
          aria-invalid={invalid}
          aria-describedby={`${ids}-hint`}
          data-testid="auto-cashout-input"
        />
        <button type="submit" className="button" data-testid="auto-cashout-set" disabled={busy}>
          Set
        </button>
        {bet.autoCashoutTarget && (
          <button type="button" className="button button-secondary" data-testid="auto-cashout-clear" disabled={busy} onClick={() => void save(null)}>
            Clear
          </button>
        )}
      </div>
      <p className="field-hint" id={`${ids}-hint`}>
        {invalid
          ? 'Use an amount above zero with at most two decimals, such as 15.00.'
          : firesAtOnce
            ? `The value is already ${liveValue}: this target cashes the bet out at once.`
            : 'The whole bet is cashed out when its value reaches this amount, even with this page closed.'}
      </p>
      {notice && (
        <p
          className={notice.kind === 'success' ? 'form-success' : 'form-error'}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="auto-cashout-message"
          data-max-target={notice.maxTarget}
        >
          {notice.text}
        </p>
      )}
    </form>
  );
}
