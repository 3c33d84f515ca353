import { useId } from 'react';

/**
 * Who is here: how many people have the room open right now (across every server) and the
 * signed-in people who came in most recently, masked. Visitors who are not signed in count but are
 * not listed.
 */
export function ParticipantsPanel({ count, joiners, loaded }: { count: number | null; joiners: readonly string[]; loaded: boolean }) {
  const ids = useId();
  return (
    <section className="room-card" aria-labelledby={`${ids}-title`} data-testid="participants-panel">
      <header className="room-card-head">
        <h2 id={`${ids}-title`} className="room-card-title">
          Participants
        </h2>
        <span className="room-card-note">Live, across every server</span>
      </header>
      <p className="people-count" data-testid="participants-count" data-count={count ?? ''}>
        <strong>{count ?? '…'}</strong> {count === 1 ? 'person is' : 'people are'} in this room now
      </p>
      <h3 className="room-subtitle">Recently joined</h3>
      {!loaded ? (
        <p className="room-empty">Loading…</p>
      ) : joiners.length === 0 ? (
        <p className="room-empty" data-testid="joiners-empty">
          Nobody signed in has joined yet.
        </p>
      ) : (
        <ol className="people-list" data-testid="joiners">
          {joiners.map((name, index) => (
            <li key={`${name}-${index}`} className="person" data-testid="joiner">
              <span className="person-avatar" aria-hidden="true">
                {name.slice(0, 1).toUpperCase()}
              </span>
              <span className="person-name">{name}</span>
              {index === 0 && <span className="person-note">newest</span>}
            </li>
          ))}
        </ol>
      )}
      <p className="room-footnote">Names are masked. People who are not signed in count, but are not listed.</p>
    </section>
  );
}
