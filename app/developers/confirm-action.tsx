import type { ReactNode } from 'react';
import styles from './developers.module.css';

/** A destructive action's second tap: the question, the action (busy while it runs) and Cancel. */
export function ConfirmAction({
  label,
  children,
  action,
  busyAction,
  busy,
  onConfirm,
  onCancel,
  testIds,
}: {
  label: string;
  children: ReactNode;
  action: string;
  busyAction: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  testIds: { group: string; confirm: string; cancel: string };
}) {
  return (
    <div className={styles.confirm} role="group" aria-label={label} data-testid={testIds.group}>
      <p>{children}</p>
      <div className={styles.actions}>
        <button type="button" className={`button ${styles.danger}`} onClick={onConfirm} disabled={busy} data-testid={testIds.confirm}>
          {busy ? busyAction : action}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy} data-testid={testIds.cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
