import { ConfirmAction } from './confirm-action';
import styles from './developers.module.css';
import { API_SCOPES, type ApiKeyView } from './operations';
import { Timestamp } from './timestamp';

/** One API key in the list: name, state, prefix, scopes, dates, and its revoke-after-confirming action. */
export function ApiKeyRow({
  apiKey: key,
  confirming,
  revoking,
  onAsk,
  onCancel,
  onRevoke,
}: {
  apiKey: ApiKeyView;
  confirming: boolean;
  revoking: boolean;
  onAsk(): void;
  onCancel(): void;
  onRevoke(): void;
}) {
  return (
    <li className={`${styles.item} ${key.revokedAt ? styles.itemRevoked : ''}`} data-testid="api-key-row" data-key-id={key.id} data-revoked={key.revokedAt ? 'true' : 'false'}>
      <div className={styles.itemHead}>
        <span className={styles.itemName}>{key.name}</span>
        <span className={`${styles.badge} ${key.revokedAt ? styles.badgeFailed : styles.badgeOk}`} data-testid="api-key-status">
          {key.revokedAt ? 'Revoked' : 'Active'}
        </span>
      </div>
      <code className={styles.prefix} data-testid="api-key-prefix">
        {key.prefix}_…
      </code>
      <div className={styles.chips} aria-label="Scopes">
        {API_SCOPES.filter((scope) => key.scopes.includes(scope)).map((scope) => (
          <span key={scope} className={styles.chip}>
            {scope}
          </span>
        ))}
      </div>
      <dl className={styles.meta}>
        <div>
          <dt>Created</dt>
          <dd>
            <Timestamp iso={key.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd data-testid="api-key-last-used">{key.lastUsedAt ? <Timestamp iso={key.lastUsedAt} /> : 'Never'}</dd>
        </div>
        {key.revokedAt && (
          <div>
            <dt>Revoked</dt>
            <dd>
              <Timestamp iso={key.revokedAt} />
            </dd>
          </div>
        )}
      </dl>
      {!key.revokedAt &&
        (confirming ? (
          <ConfirmAction
            label={`Revoke ${key.name}?`}
            action="Revoke key"
            busyAction="Revoking…"
            busy={revoking}
            onConfirm={onRevoke}
            onCancel={onCancel}
            testIds={{ group: 'api-key-confirm', confirm: 'api-key-revoke-confirm', cancel: 'api-key-revoke-cancel' }}
          >
            Revoke <strong>{key.name}</strong>? Apps using it stop working at once. This cannot be undone.
          </ConfirmAction>
        ) : (
          <div className={styles.actions}>
            <button type="button" className={`button button-secondary ${styles.dangerOutline}`} onClick={onAsk} data-testid="api-key-revoke">
              Revoke…
            </button>
          </div>
        ))}
    </li>
  );
}
