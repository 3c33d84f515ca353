'use client';

import { useEffect, useState } from 'react';
import { oddsHundredths, type LiveSelection } from '../_live/types';

/** How long a changed price stays highlighted. */
const FLASH_MS = 1200;

type Trend = 'up' | 'down';

/**
 * A selection's price. When the odds change it flashes green (up) or red (down) for about a
 * second; `data-trend` says which, and an arrow says it without relying on colour.
 */
export function OddsButton({
  selection,
  disabled,
  describedBy,
}: {
  selection: LiveSelection;
  disabled: boolean;
  describedBy?: string;
}) {
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
      aria-label={`${selection.name} ${selection.odds}`}
      aria-describedby={describedBy}
      disabled={disabled || result !== null}
    >
      {flash && <span key={flash.seq} className="odds-flash" aria-hidden="true" />}
      <span className="odds-name">{selection.name}</span>
      <span className="odds-value">
        {flash && (
          <span className="odds-arrow" aria-hidden="true">
            {flash.trend === 'up' ? '▲' : '▼'}
          </span>
        )}
        {selection.odds}
      </span>
      {result && <span className="odds-result">{result === 'WON' ? 'Won' : result === 'LOST' ? 'Lost' : 'Void'}</span>}
    </button>
  );
}
