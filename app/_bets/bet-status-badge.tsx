import { betStatusLabel } from './bet-labels';
import type { BetStatus } from '../_gql/graphql';

/** A bet's status as a coloured badge; the colour repeats what the word says. */
export function BetStatusBadge({ status }: { status: BetStatus }) {
  return (
    <span className={`bet-status bet-status-${status.toLowerCase().replace('_', '-')}`} data-testid="bet-status" data-status={status}>
      {status === 'PENDING' && <span className="pending-dot" aria-hidden="true" />}
      {betStatusLabel(status)}
    </span>
  );
}
