'use client';

import { useConnection, type ConnectionState } from './connection';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
};

/** A small pill that says whether live updates are flowing. */
export function ConnectionStatus() {
  const { state } = useConnection();
  return (
    <span className="connection" data-testid="connection-status" data-state={state} role="status" aria-live="polite">
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
