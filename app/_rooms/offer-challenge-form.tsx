'use client';

import { useApolloClient } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { formatMoney } from '../../lib/money';
import { useViewer } from '../_account/viewer-context';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { parseStake } from '../_slip/slip-math';
import { challengeFailure } from './challenge-failure';
import { OfferChallengeDocument, type ChallengeNode } from './operations';
import { challengeSides, oddsText, parseTypedOdds } from './room-math';
import styles from './rooms.module.css';

interface Notice {
  kind: 'success' | 'error';
  text: string;
}

/** The form that offers a challenge: selection, stake and odds, with what each side risks. */
export function OfferForm({ markets, onChallenge }: { markets: readonly MarketCard_MarketFragment[]; onChallenge: (challenge: ChallengeNode) => void }) {
  const client = useApolloClient();
  const { refresh } = useViewer();
  const ids = useId();
  const openMarkets = markets.filter((m) => m.status === 'OPEN' && m.selections.some((s) => s.status === 'OPEN'));
  const choices = openMarkets.flatMap((m) => m.selections.filter((s) => s.status === 'OPEN').map((s) => ({ market: m, selection: s })));
  const [selectionId, setSelectionId] = useState<string>('');
  const [stakeText, setStakeText] = useState('10.00');
  // Empty: the selection's current odds, followed as they move until the bettor types their own.
  const [oddsTyped, setOddsTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const chosen = choices.find((c) => c.selection.id === selectionId) ?? choices[0] ?? null;
  const oddsInput = oddsTyped === '' && chosen ? chosen.selection.odds : oddsTyped;
  const stakeMinor = parseStake(stakeText);
  const hundredths = parseTypedOdds(oddsInput);
  const stakeInvalid = stakeMinor === null || stakeMinor <= 0n;
  const oddsInvalid = hundredths === null;
  const sides = !stakeInvalid && !oddsInvalid && stakeMinor !== null && hundredths !== null ? challengeSides(stakeMinor, hundredths) : null;

  if (choices.length === 0) {
    return (
      <p className={styles.roomEmpty} data-testid="challenge-no-markets">
        No market is open right now. Challenges can be offered when one reopens.
      </p>
    );
  }

  async function offer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen || stakeInvalid || oddsInvalid || stakeMinor === null || hundredths === null) {
      setNotice({ kind: 'error', text: stakeInvalid ? 'Enter a stake above zero, such as 10.00.' : 'Enter odds from 1.01 to 1000.00, such as 2.50.' });
      return;
    }
    if (busy) return;
    setBusy(true);
    setNotice(null);
    const stake = formatMoney(stakeMinor);
    const odds = oddsText(hundredths);
    try {
      const { data } = await client.mutate({ mutation: OfferChallengeDocument, variables: { selectionId: chosen.selection.id, stake, odds } });
      const result = data?.offerChallenge;
      if (!result) throw new Error('offerChallenge answered nothing');
      if (result.__typename === 'ChallengePayload') {
        onChallenge(result.challenge);
        void refresh();
        setNotice({ kind: 'success', text: `Challenge offered: ${stake} on ${result.challenge.selection.name} at ${odds}. Your stake is held until someone takes it.` });
      } else {
        setNotice({ kind: 'error', text: result.message });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: challengeFailure(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={`${styles.roomCard} challenge-form`} onSubmit={(e) => void offer(e)} noValidate data-testid="challenge-form" aria-labelledby={`${ids}-title`}>
      <header className={styles.roomCardHead}>
        <h2 id={`${ids}-title`} className={styles.roomCardTitle}>
          Offer a challenge
        </h2>
        <span className={styles.roomCardNote}>You back it, someone lays it</span>
      </header>
      <div className="field">
        <label htmlFor={`${ids}-selection`}>Selection</label>
        <select
          id={`${ids}-selection`}
          className={`input ${styles.select}`}
          value={chosen?.selection.id ?? ''}
          onChange={(e) => {
            setSelectionId(e.target.value);
            setOddsTyped('');
            setNotice(null);
          }}
          data-testid="challenge-selection"
        >
          {openMarkets.map((market) => (
            <optgroup key={market.id} label={market.name}>
              {market.selections
                .filter((s) => s.status === 'OPEN')
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.odds})
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className={styles.challengeFields}>
        <div className="field">
          <label htmlFor={`${ids}-stake`}>Your stake</label>
          <input
            id={`${ids}-stake`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            maxLength={13}
            value={stakeText}
            onChange={(e) => {
              setStakeText(e.target.value);
              setNotice(null);
            }}
            aria-invalid={stakeInvalid}
            data-testid="challenge-stake"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-odds`}>Odds</label>
          <input
            id={`${ids}-odds`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            maxLength={7}
            value={oddsInput}
            onChange={(e) => {
              setOddsTyped(e.target.value);
              setNotice(null);
            }}
            aria-invalid={oddsInvalid}
            aria-describedby={`${ids}-sides`}
            data-testid="challenge-odds"
          />
        </div>
      </div>
      <p className={styles.challengeSides} id={`${ids}-sides`} data-testid="challenge-preview" aria-live="polite">
        {sides && chosen ? (
          <>
            You risk <strong>{sides.makerRisk}</strong> to win <strong data-testid="challenge-preview-win">{sides.makerWin}</strong> if {chosen.selection.name} wins. A taker risks{' '}
            <strong data-testid="challenge-preview-taker">{sides.takerRisk}</strong> to win {sides.takerWin}.
          </>
        ) : stakeInvalid ? (
          'Enter a stake above zero with at most two decimals.'
        ) : (
          'Enter odds from 1.01 to 1000.00 with at most two decimals.'
        )}
      </p>
      <button type="submit" className="button form-submit" disabled={busy} data-testid="challenge-offer">
        {busy ? 'Offering…' : 'Offer challenge'}
      </button>
      {notice && (
        <p className={notice.kind === 'success' ? 'form-success' : 'form-error'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="challenge-message">
          {notice.text}
        </p>
      )}
    </form>
  );
}
