'use client';

import { useApolloClient } from '@apollo/client/react';
import type { WalletQuery } from '../_gql/graphql';
import { usePrimedQuery } from '../_live/use-primed-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { formatMoney } from '../../lib/money';
import { LocalTime } from '../_components/local-time';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { IdempotentAttempt } from '../_live/idempotency-key';
import { addToStake, parseStake } from '../_slip/slip-math';
import { DepositDocument, SetDepositLimitDocument, WalletDocument, type DepositLimitView } from './operations';
import { useViewer } from './viewer-context';

/** Quick deposit amounts, in minor units. */
const QUICK_DEPOSITS = [1000n, 2500n, 5000n, 10000n];

interface Notice {
  kind: 'success' | 'error';
  text: string;
}

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/**
 * The wallet: balance (from the Apollo cache, like the header), a deposit form and the daily
 * deposit limit. A deposit's answer carries the viewer, so the cache and the header update
 * together.
 */
export function WalletPanel({ initial }: { initial: WalletQuery }) {
  const { viewer } = useViewer();
  const data = usePrimedQuery(WalletDocument, {}, initial);
  const limit = data.viewer?.depositLimit ?? null;
  const balance = viewer?.balance ?? data.viewer?.balance ?? '';

  return (
    <div className="wallet">
      <section className="panel wallet-balance" aria-labelledby="wallet-balance-title">
        <h2 id="wallet-balance-title" className="panel-title">
          Balance
        </h2>
        <p className="wallet-amount" data-testid="wallet-balance">
          {balance}
        </p>
        <p className="muted">Play money. Stakes leave the balance when a bet is placed; winnings and refunds come back to it.</p>
      </section>

      <DepositForm remainingToday={limit?.remainingToday ?? null} />

      <section className="panel" aria-labelledby="limit-title" data-testid="deposit-limit">
        <h2 id="limit-title" className="panel-title">
          Daily deposit limit
        </h2>
        {limit ? (
          <LimitView limit={limit} />
        ) : (
          <p className="muted">Loading…</p>
        )}
        <LimitForm current={limit} />
      </section>
    </div>
  );
}

function DepositForm({ remainingToday }: { remainingToday: string | null }) {
  const client = useApolloClient();
  const ids = useId();
  const [amount, setAmount] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef(new IdempotentAttempt());
  const amountMinor = parseStake(amount);
  const invalid = amountMinor === null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (amountMinor === null || amountMinor <= 0n) {
      setNotice({ kind: 'error', text: 'Enter an amount to deposit, such as 50 or 12.50.' });
      return;
    }
    const money = formatMoney(amountMinor);
    setBusy(true);
    setNotice(null);
    try {
      const { data } = await client.mutate({ mutation: DepositDocument, variables: { amount: money, idempotencyKey: attempt.current.keyFor(money) } });
      attempt.current.settled();
      const result = data?.deposit;
      if (!result) throw new Error('deposit answered nothing');
      if (result.__typename === 'Deposited') {
        setAmount('');
        setNotice({ kind: 'success', text: `Deposited ${money}. Your balance is ${result.viewer.balance}.` });
      } else if (result.__typename === 'LimitRejection' && result.code === 'LIMIT_EXCEEDED') {
        setNotice({ kind: 'error', text: result.max ? `${result.message} You can deposit up to ${result.max} more now.` : result.message });
      } else {
        setNotice({ kind: 'error', text: result.message });
      }
    } catch (error) {
      // A network failure keeps the key, so submitting the same amount again cannot deposit twice.
      if (graphqlErrorCode(error) !== null) attempt.current.settled();
      setNotice({ kind: 'error', text: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel-title">
        Deposit
      </h2>
      <form className="form" data-testid="deposit-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-amount`}>Amount</label>
          <input
            id={`${ids}-amount`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            maxLength={13}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={invalid}
            aria-describedby={`${ids}-hint`}
            data-testid="deposit-amount"
          />
          <p className="field-hint" id={`${ids}-hint`}>
            {invalid ? 'Use an amount with at most two decimals, such as 12.50.' : remainingToday ? `You can deposit up to ${remainingToday} more now.` : ' '}
          </p>
        </div>
        <div className="quick-amounts" role="group" aria-label="Add to amount">
          {QUICK_DEPOSITS.map((quick) => (
            <button key={quick.toString()} type="button" className="quick-amount" onClick={() => setAmount(addToStake(amount, quick))}>
              +{(quick / 100n).toString()}
            </button>
          ))}
        </div>
        {notice && (
          <p className={notice.kind === 'success' ? 'form-success' : 'form-error'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="deposit-message">
            {notice.text}
          </p>
        )}
        <button type="submit" className="button form-submit" data-testid="deposit-submit" disabled={busy}>
          {busy ? 'Depositing…' : 'Deposit'}
        </button>
      </form>
    </section>
  );
}

function LimitView({ limit }: { limit: DepositLimitView }) {
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Limit per 24 hours</dt>
          <dd data-testid="limit-daily">{limit.daily}</dd>
        </div>
        <div>
          <dt>Deposited in the last 24 hours</dt>
          <dd data-testid="limit-used">{limit.usedToday}</dd>
        </div>
        <div>
          <dt>Left to deposit</dt>
          <dd data-testid="limit-remaining">{limit.remainingToday}</dd>
        </div>
      </dl>
      {limit.pending && (
        <p className="notice-inline" data-testid="limit-pending">
          Your limit changes to {limit.pending}
          {limit.pendingFrom && (
            <>
              {' '}
              from <LocalTime iso={limit.pendingFrom} />
            </>
          )}
          . A raise waits 24 hours; lowering a limit applies at once.
        </p>
      )}
    </>
  );
}

function LimitForm({ current }: { current: DepositLimitView | null }) {
  const client = useApolloClient();
  const ids = useId();
  const [amount, setAmount] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const amountMinor = parseStake(amount);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (amountMinor === null || amountMinor <= 0n) {
      setNotice({ kind: 'error', text: 'Enter a daily limit, such as 200 or 50.00.' });
      return;
    }
    const money = formatMoney(amountMinor);
    setBusy(true);
    setNotice(null);
    try {
      const { data } = await client.mutate({ mutation: SetDepositLimitDocument, variables: { amount: money } });
      const result = data?.setDepositLimit;
      if (!result) throw new Error('setDepositLimit answered nothing');
      if (result.__typename === 'DepositLimitSet') {
        setAmount('');
        setNotice({
          kind: 'success',
          text: result.raisePending
            ? `Your new limit of ${money} applies in 24 hours: raising a limit waits, lowering it does not.`
            : `Your daily limit is now ${result.viewer.depositLimit.daily}.`,
        });
      } else {
        setNotice({ kind: 'error', text: result.message });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: graphqlErrorCode(error) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again.' : NETWORK_ERROR });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form-inline" data-testid="limit-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-limit`}>New daily limit</label>
        <input
          id={`${ids}-limit`}
          className="input"
          inputMode="decimal"
          autoComplete="off"
          placeholder={current?.daily ?? '0.00'}
          maxLength={13}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={amountMinor === null}
          data-testid="limit-amount"
        />
      </div>
      <button type="submit" className="button button-secondary" data-testid="limit-submit" disabled={busy}>
        {busy ? 'Saving…' : 'Set limit'}
      </button>
      {notice && (
        <p className={notice.kind === 'success' ? 'form-success' : 'form-error'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="limit-message">
          {notice.text}
        </p>
      )}
    </form>
  );
}
