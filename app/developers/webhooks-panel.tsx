'use client';

import { useApolloClient } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Timestamp } from './timestamp';
import styles from './developers.module.css';
import { failureText, type Notice } from './feedback';
import { DeleteWebhookDocument, DELIVERIES_SHOWN, RegisterWebhookDocument, type WebhookView } from './operations';
import { DeliveryTable } from './delivery-table';
import { NoticeLine } from './notice-line';
import { ConfirmAction } from './confirm-action';
import { SecretOnce } from './secret-once';

/**
 * The viewer's webhooks: register a URL (its signing secret shown once), delete one after a
 * confirming second tap, and each webhook's recent deliveries with a Refresh button.
 */
export function WebhooksPanel({ webhooks, reload }: { webhooks: WebhookView[]; reload(): Promise<void> }) {
  const client = useApolloClient();
  const ids = useId();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [created, setCreated] = useState<{ id: string; url: string; secret: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const clean = url.trim();
    if (!clean) return setNotice({ kind: 'error', text: 'Enter the URL that should receive the updates.' });
    setBusy(true);
    setNotice(null);
    try {
      const { data } = await client.mutate({ mutation: RegisterWebhookDocument, variables: { url: clean } });
      const result = data?.registerWebhook;
      if (!result) throw new Error('registerWebhook answered nothing');
      if (result.__typename === 'WebhookCreated') {
        setCreated({ id: result.webhook.id, url: result.webhook.url, secret: result.secret });
        setUrl('');
        await reload().catch(() => {});
      } else {
        setNotice({ kind: 'error', text: result.message });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: failureText(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={`${ids}-title`} data-testid="webhooks">
      <h2 id={`${ids}-title`} className="panel-title">
        Webhooks
      </h2>
      <p className="muted">
        We POST to your URL when one of your bets is settled, resettled or cashed out, signed with the webhook’s secret. A delivery that does not get a
        2xx answer within 5 seconds is retried with growing waits, up to 8 attempts.
      </p>

      <form className={`form ${styles.form}`} onSubmit={onSubmit} noValidate data-testid="webhook-form">
        <div className="field">
          <label htmlFor={`${ids}-url`}>Endpoint URL</label>
          <input
            id={`${ids}-url`}
            className="input"
            type="url"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="https://example.com/hooks/sportsbook"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-describedby={`${ids}-url-hint`}
            data-testid="webhook-url"
          />
          <p className="field-hint" id={`${ids}-url-hint`}>
            https only; http is allowed for localhost while you develop.
          </p>
        </div>
        <NoticeLine notice={notice} testId="webhook-message" />
        <button type="submit" className="button form-submit" disabled={busy} data-testid="webhook-create">
          {busy ? 'Adding…' : 'Add webhook'}
        </button>
      </form>

      {created && (
        <SecretOnce
          title="Signing secret"
          value={created.secret}
          warning={`Deliveries to ${created.url} are signed with it (X-Sportsbook-Signature). Store it with your receiver; if you lose it, delete the webhook and add it again.`}
          testId="webhook-secret"
          onDone={() => setCreated(null)}
        />
      )}

      <h3 className={styles.subTitle}>Your webhooks</h3>
      {webhooks.length === 0 ? (
        <p className="muted" data-testid="webhooks-empty">
          No webhooks yet.
        </p>
      ) : (
        <ul className={styles.list} data-testid="webhook-list">
          {webhooks.map((webhook) => (
            <WebhookItem key={webhook.id} webhook={webhook} reload={reload} onDeleted={() => created?.id === webhook.id && setCreated(null)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WebhookItem({ webhook, reload, onDeleted }: { webhook: WebhookView; reload(): Promise<void>; onDeleted(): void }) {
  const client = useApolloClient();
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [refreshedAt, setRefreshedAt] = useState<string | null>(null);

  async function refresh() {
    if (refreshing) return;
    setRefreshing(true);
    setNotice(null);
    try {
      await reload();
      setRefreshedAt(new Date().toISOString());
    } catch (error) {
      setNotice({ kind: 'error', text: failureText(error) });
    } finally {
      setRefreshing(false);
    }
  }

  async function remove() {
    if (deleting) return;
    setDeleting(true);
    setNotice(null);
    try {
      const { data } = await client.mutate({ mutation: DeleteWebhookDocument, variables: { id: webhook.id } });
      if (!data?.deleteWebhook) setNotice({ kind: 'error', text: 'That webhook was not found. It may have been deleted elsewhere.' });
      onDeleted();
      await reload();
    } catch (error) {
      setNotice({ kind: 'error', text: failureText(error) });
      setDeleting(false);
    }
  }

  return (
    <li className={styles.item} data-testid="webhook" data-webhook-id={webhook.id}>
      <div className={styles.itemHead}>
        <code className={styles.url} data-testid="webhook-url-text">
          {webhook.url}
        </code>
      </div>
      <p className={styles.small}>
        Added <Timestamp iso={webhook.createdAt} />
      </p>

      {confirming ? (
        <ConfirmAction
          label="Delete this webhook?"
          action="Delete webhook"
          busyAction="Deleting…"
          busy={deleting}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
          testIds={{ group: 'webhook-confirm', confirm: 'webhook-delete-confirm', cancel: 'webhook-delete-cancel' }}
        >
          Delete this webhook? Deliveries to it stop at once, including retries still waiting.
        </ConfirmAction>
      ) : (
        <div className={styles.actions}>
          <button type="button" className="button button-secondary" onClick={refresh} disabled={refreshing} data-testid="webhook-refresh">
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
          <button type="button" className={`button button-secondary ${styles.dangerOutline}`} onClick={() => setConfirming(true)} data-testid="webhook-delete">
            Delete…
          </button>
        </div>
      )}
      <NoticeLine notice={notice} testId="webhook-item-message" />

      <h4 id={`${ids}-history`} className={styles.historyTitle}>
        Recent deliveries
        {refreshedAt && (
          <span className={styles.small} role="status">
            {' '}
            · updated <Timestamp iso={refreshedAt} />
          </span>
        )}
      </h4>
      {webhook.deliveries.length === 0 ? (
        <p className={styles.small} data-testid="deliveries-empty">
          No deliveries yet. They appear here when one of your bets is settled, resettled or cashed out.
        </p>
      ) : (
        <DeliveryTable deliveries={webhook.deliveries} labelledBy={`${ids}-history`} />
      )}
      {webhook.deliveries.length >= DELIVERIES_SHOWN && <p className={styles.small}>The latest {DELIVERIES_SHOWN} are shown.</p>}
    </li>
  );
}
