import Link from 'next/link';
import { Timestamp } from './timestamp';
import styles from './developers.module.css';
import type { DeliveryView } from './operations';

const KIND_LABELS: Record<string, string> = {
  SETTLED: 'Settled',
  RESETTLED: 'Resettled',
  CASHED_OUT: 'Cashed out',
  PARTIALLY_CASHED_OUT: 'Partly cashed out',
};

const STATUS_CLASS: Record<string, string | undefined> = {
  DELIVERED: styles.badgeOk,
  PENDING: styles.badgeWarn,
  FAILED: styles.badgeFailed,
};

function lastResponse(d: DeliveryView): string {
  const code = d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : null;
  if (d.lastError && d.lastError !== code) return code ? `${code} · ${d.lastError}` : d.lastError;
  return code ?? '—';
}

/** A table on wide screens; on a phone each row stacks into a small card with its labels. */
export function DeliveryTable({ deliveries, labelledBy }: { deliveries: DeliveryView[]; labelledBy: string }) {
  return (
    <table className={styles.table} aria-labelledby={labelledBy} data-testid="delivery-table">
      <thead>
        <tr>
          <th scope="col">Update</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last response</th>
          <th scope="col">Created</th>
          <th scope="col">Delivered / next try</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id} data-testid="delivery-row" data-status={d.status} data-bet-id={d.betId}>
            <td data-label="Update">
              <span className={styles.kind}>{KIND_LABELS[d.kind] ?? d.kind}</span>{' '}
              <Link href={`/bets/${d.betId}`} className={styles.betLink}>
                bet {d.betId.slice(0, 8)}
              </Link>
            </td>
            <td data-label="Status">
              <span className={`${styles.badge} ${STATUS_CLASS[d.status] ?? ''}`} data-testid="delivery-status">
                {d.status}
              </span>
            </td>
            <td data-label="Attempts" data-testid="delivery-attempts">
              {d.attempts}
            </td>
            <td data-label="Last response" data-testid="delivery-last-response">
              {lastResponse(d)}
            </td>
            <td data-label="Created">
              <Timestamp iso={d.createdAt} />
            </td>
            <td data-label={d.status === 'PENDING' ? 'Next try' : d.status === 'DELIVERED' ? 'Delivered' : 'Gave up'}>
              {d.status === 'DELIVERED' && d.deliveredAt ? (
                <Timestamp iso={d.deliveredAt} />
              ) : d.status === 'PENDING' ? (
                <Timestamp iso={d.nextAttemptAt} />
              ) : (
                `after ${d.attempts} attempts`
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
