import type { BetTicket_BetFragment } from '../_gql/graphql';
import styles from './ticket.module.css';

/**
 * The result of a settled bet in one line, at the top where the eye lands: won and what it paid,
 * lost, or void with the stake back. A bet reopened by a resettlement says so while it waits.
 */
export function SettlementNote({ bet, resettled }: { bet: Pick<BetTicket_BetFragment, 'status' | 'payout' | 'stake'>; resettled: boolean }) {
  if (bet.status === 'WON') {
    return (
      <p className={`${styles.ticketNote} ${styles.ticketNoteSuccess}`} data-testid="bet-result" data-result="WON" role="status">
        <span>
          Won · paid out <strong data-testid="bet-result-payout">{bet.payout}</strong>
        </span>
      </p>
    );
  }
  if (bet.status === 'LOST') {
    return (
      <p className={`${styles.ticketNote} ${styles.ticketNoteError}`} data-testid="bet-result" data-result="LOST" role="status">
        <span>
          Lost · stake <strong>{bet.stake}</strong>
        </span>
      </p>
    );
  }
  if (bet.status === 'VOID') {
    return (
      <p className={`${styles.ticketNote} ${styles.ticketNoteVoid}`} data-testid="bet-result" data-result="VOID" role="status">
        <span>
          Void · stake <strong data-testid="bet-result-payout">{bet.payout}</strong> returned
        </span>
      </p>
    );
  }
  if (bet.status === 'OPEN' && resettled) {
    return (
      <p className={`${styles.ticketNote} ${styles.ticketNotePending}`} data-testid="bet-result" data-result="REOPENED" role="status">
        <span>Reopened: the result was corrected and this bet waits to be settled again.</span>
      </p>
    );
  }
  return null;
}
