'use client';

import { useEffect, useId, useMemo, useState } from 'react';
import { LocalTime } from '../_components/local-time';
import type { BetTicket_BetFragment } from '../_gql/graphql';
import { currentSettlement, describeTimeline, type BetTimelineEntry, type SettlementSnapshot } from './timeline-labels';
import styles from './ticket.module.css';

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
    <section className={styles.timeline} aria-labelledby={titleId} data-testid="bet-timeline" data-resettled={resettled ? 'true' : 'false'}>
      <h2 id={titleId} className={styles.ticketSection}>
        History
      </h2>
      {resettled && (
        <p className={styles.timelineNote} data-testid="bet-resettled-note">
          This bet was resettled: a result was corrected after it had been settled. Each step is listed below.
        </p>
      )}
      <ol className={styles.timelineList}>
        {lines.map((line) => (
          <li key={line.key} className={styles.timelineEntry} data-testid="bet-timeline-entry" data-kind={line.kind} data-tone={line.tone}>
            <span className={styles.timelineDot} aria-hidden="true" />
            <div className={styles.timelineText}>
              <p className={styles.timelineTitle} data-testid="bet-timeline-title">
                {line.title}
              </p>
              {line.detail && <p className={styles.timelineDetail}>{line.detail}</p>}
            </div>
            <LocalTime iso={line.at} className={styles.timelineTime} seconds />
          </li>
        ))}
      </ol>
    </section>
  );
}
