'use client';

import { memo, useEffect, useState } from 'react';
import { graphql } from '../_gql';
import type { OddsButton_SelectionFragment } from '../_gql/graphql';
import { oddsHundredths } from '../_live/odds';
import { useSlip } from '../_slip/slip-context';
import type { PickSource } from '../_slip/slip-state';

export const OddsButtonSelectionFragment = graphql(`
  fragment OddsButton_selection on Selection {
    id
    name
    odds
    status
  }
`);

/** How long a changed price stays highlighted. */
const FLASH_MS = 1200;

type Trend = 'up' | 'down';

/**
 * A selection's price. When the odds change it flashes green (up) or red (down) for about a
 * second; `data-trend` says which, and an arrow says it without relying on colour (and is part of
 * the button's accessible name, like the result of a settled selection). Tapping it adds
 * the selection to the bet slip, tapping again removes it (`aria-pressed` says which).
 */
export const OddsButton = memo(function OddsButton({
  selection,
  disabled,
  describedBy,
  source,
}: {
  selection: OddsButton_SelectionFragment;
  disabled: boolean;
  describedBy?: string;
  /** The event and market around the button, for the bet slip. */
  source: PickSource;
}) {
  const { state: slip, dispatch } = useSlip();
  const picked = slip.picks.some((p) => p.selectionId === selection.id);
  const [shown, setShown] = useState(selection.odds);
  const [flash, setFlash] = useState<{ trend: Trend; seq: number } | null>(null);
  if (shown !== selection.odds) {
    // Adjusting state during render (rather than in an effect) paints the new price and its
    // highlight in the same frame.
    setShown(selection.odds);
    const trend: Trend = oddsHundredths(selection.odds) > oddsHundredths(shown) ? 'up' : 'down';
    setFlash({ trend, seq: (flash?.seq ?? 0) + 1 });
  }

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flash]);

  const result = selection.status === 'OPEN' ? null : selection.status;
  return (
    <button
      type="button"
      className="odds"
      data-testid="odds-button"
      data-selection-id={selection.id}
      data-trend={flash?.trend}
      data-result={result ?? undefined}
      data-picked={picked ? 'true' : undefined}
      aria-describedby={describedBy}
      aria-pressed={picked}
      disabled={disabled || result !== null}
      onClick={() =>
        dispatch({
          type: 'toggle',
          pick: { ...source, selectionId: selection.id, selectionName: selection.name, odds: selection.odds },
        })
      }
    >
      {flash && <span key={flash.seq} className="odds-flash" aria-hidden="true" />}
      {/* The name is the button's text, so it says what is seen: name, arrow, price and result. */}
      <span className="odds-name">{selection.name}</span>{' '}
      <span className="odds-value">
        {flash && <span className="odds-arrow">{flash.trend === 'up' ? '▲' : '▼'}</span>}
        {selection.odds}
      </span>
      {result && (
        <>
          {' '}
          <span className="odds-result">{result === 'WON' ? 'Won' : result === 'LOST' ? 'Lost' : 'Void'}</span>
        </>
      )}
    </button>
  );
});
