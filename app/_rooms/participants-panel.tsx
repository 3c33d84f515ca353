import { useId } from 'react';
import styles from './rooms.module.css';

/**
 * Who is here: how many people have the room open right now (across every server) and the
 * signed-in people who came in most recently, masked. Visitors who are not signed in count but are
 * not listed.
 */
export function ParticipantsPanel({ count, joiners, loaded }: { count: number | null; joiners: readonly string[]; loaded: boolean }) {
  const ids = useId();
  return (
    <section className={styles.roomCard} aria-labelledby={`${ids}-title`} data-testid="participants-panel">
      <header className={styles.roomCardHead}>
        <h2 id={`${ids}-title`} className={styles.roomCardTitle}>
          Participants
        </h2>
        <span className={styles.roomCardNote}>Live, across every server</span>
      </header>
      <p className={styles.peopleCount} data-testid="participants-count" data-count={count ?? ''}>
        <strong>{count ?? '…'}</strong> {count === 1 ? 'person is' : 'people are'} in this room now
      </p>
      <h3 className={styles.roomSubtitle}>Recently joined</h3>
      {!loaded ? (
        <p className={styles.roomEmpty}>Loading…</p>
      ) : joiners.length === 0 ? (
        <p className={styles.roomEmpty} data-testid="joiners-empty">
          Nobody signed in has joined yet.
        </p>
      ) : (
        <ol className={styles.peopleList} data-testid="joiners">
          {joiners.map((name, index) => (
            <li key={`${name}-${index}`} className={styles.person} data-testid="joiner">
              <span className={styles.personAvatar} aria-hidden="true">
                {name.slice(0, 1).toUpperCase()}
              </span>
              <span className={styles.personName} data-testid="joiner-name">
                {name}
              </span>
              {index === 0 && <span className={styles.personNote}>newest</span>}
            </li>
          ))}
        </ol>
      )}
      <p className={styles.roomFootnote}>Names are masked. People who are not signed in count, but are not listed.</p>
    </section>
  );
}
