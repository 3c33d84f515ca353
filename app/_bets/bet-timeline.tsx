'use client';

import { useEffect, useId, useMemo, useState } from 'react';
import { LocalTime } from '../_components/local-time';
import type { BetTicket_BetFragment } from '../_gql/graphql';
import { currentSettlement, describeTimeline, type BetTimelineEntry, type SettlementSnapshot } from './timeline-labels';

/**
 * Every update of a bet in order, in words, with its time: how a resettlement came about (settled,
 * corrected and reopened, settled again) is read here rather than guessed from the final status.
 */
export function BetTimeline({ entries, bet }: { entries: readonly BetTimelineEntry[]; bet: BetTicket_BetFragment }) {
  const titleId = useId();
  // What each settlement paid while it was in force; a later resettlement no longer shows it on
  // the bet, so the page remembers it to explain what was reversed.
  const [known, setKnown] = useState<ReadonlyMap<string, SettlementSnapshot>>(new Map());
  const current = currentSettlement(entries, bet);
  const currentKey = current?.key;
  const currentSnapshot = current?.snapshot;
  useEffect(() => {
    if (!currentKey || !currentSnapshot) return;
    setKnown((map) => (map.has(currentKey) ? map : new Map(map).set(currentKey, currentSnapshot)));
  }, [currentKey, currentSnapshot]);

  const lines = useMemo(() => describeTimeline(entries, bet, known), [entries, bet, known]);
  if (lines.length === 0) return null;
  const resettled = entries.some((entry) => entry.kind === 'RESETTLED');

  return (
    <section className="timeline" aria-labelledby={titleId} data-testid="bet-timeline" data-resettled={resettled ? 'true' : 'false'}>
      <h2 id={titleId} className="ticket-section">
        History
      </h2>
      {resettled && (
        <p className="timeline-note" data-testid="bet-resettled-note">
          This bet was resettled: a result was corrected after it had been settled. Each step is listed below.
        </p>
      )}
      <ol className="timeline-list">
        {lines.map((line) => (
          <li key={line.key} className="timeline-entry" data-testid="bet-timeline-entry" data-kind={line.kind} data-tone={line.tone}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-text">
              <p className="timeline-title">{line.title}</p>
              {line.detail && <p className="timeline-detail">{line.detail}</p>}
            </div>
            <LocalTime iso={line.at} className="timeline-time" seconds />
          </li>
        ))}
      </ol>
    </section>
  );
}
