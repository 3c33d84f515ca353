'use client';

import { useApolloClient } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import styles from './developers.module.css';
import { failureText, type Notice } from './feedback';
import { API_SCOPES, CreateApiKeyDocument, RevokeApiKeyDocument, SCOPE_HELP, type ApiKeyView, type ApiScope } from './operations';
import { ApiKeyRow } from './api-key-row';
import { NoticeLine } from './notice-line';
import { SecretOnce } from './secret-once';

const NAME_MAX = 60;

/**
 * The viewer's API keys: a form to create one (name and scopes), the new key shown once, and the
 * list (active first) where a key is revoked after a confirming second tap.
 */
export function ApiKeysPanel({
  apiKeys,
  reload,
  onChange,
}: {
  apiKeys: readonly ApiKeyView[];
  reload(): Promise<void>;
  onChange(apiKeys: readonly ApiKeyView[]): void;
}) {
  const client = useApolloClient();
  const ids = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<ApiScope>>(() => new Set<ApiScope>(['READ']));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string; key: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [listNotice, setListNotice] = useState<Notice | null>(null);

  const active = apiKeys.filter((k) => !k.revokedAt);
  const revoked = apiKeys.filter((k) => k.revokedAt);

  function toggle(scope: ApiScope, on: boolean) {
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const clean = name.trim();
    if (!clean) return setNotice({ kind: 'error', text: 'Give the key a name, such as the app that will use it.' });
    if (scopes.size === 0) return setNotice({ kind: 'error', text: 'Choose at least one scope.' });
    setBusy(true);
    setNotice(null);
    try {
      const { data } = await client.mutate({
        mutation: CreateApiKeyDocument,
        variables: { name: clean, scopes: API_SCOPES.filter((s) => scopes.has(s)) },
      });
      const result = data?.createApiKey;
      if (!result) throw new Error('createApiKey answered nothing');
      if (result.__typename === 'ApiKeyCreated') {
        setCreated({ id: result.apiKey.id, name: result.apiKey.name, key: result.key });
        setName('');
        onChange([result.apiKey, ...apiKeys.filter((k) => k.id !== result.apiKey.id)]);
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

  async function revoke(key: ApiKeyView) {
    if (revoking) return;
    setRevoking(key.id);
    setListNotice(null);
    try {
      const { data } = await client.mutate({ mutation: RevokeApiKeyDocument, variables: { id: key.id } });
      const updated = data?.revokeApiKey;
      if (!updated) {
        setListNotice({ kind: 'error', text: 'That key was not found. It may have been removed elsewhere.' });
      } else {
        onChange(apiKeys.map((k) => (k.id === updated.id ? updated : k)));
        setListNotice({ kind: 'success', text: `Revoked “${updated.name}”. Requests with it are refused from now on.` });
        if (created?.id === updated.id) setCreated(null);
      }
      setConfirming(null);
      await reload().catch(() => {});
    } catch (error) {
      setListNotice({ kind: 'error', text: failureText(error) });
    } finally {
      setRevoking(null);
    }
  }

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={`${ids}-title`} data-testid="api-keys">
      <h2 id={`${ids}-title`} className="panel-title">
        API keys
      </h2>
      <p className="muted">
        A key lets your app call the API as you, without your password. Give each app its own key, with only the scopes it needs, and revoke it when it
        is done.
      </p>

      <form className={`form ${styles.form}`} onSubmit={onSubmit} noValidate data-testid="api-key-form">
        <div className="field">
          <label htmlFor={`${ids}-name`}>Key name</label>
          <input
            id={`${ids}-name`}
            className="input"
            autoComplete="off"
            placeholder="e.g. Odds dashboard"
            maxLength={NAME_MAX}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="api-key-name"
          />
        </div>
        <fieldset className={styles.scopes}>
          <legend>Scopes</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className={styles.scope}>
              <input type="checkbox" checked={scopes.has(scope)} onChange={(e) => toggle(scope, e.target.checked)} data-testid={`api-key-scope-${scope}`} />
              <span>
                <span className={styles.scopeName}>{scope}</span>
                <span className={styles.scopeHelp}>{SCOPE_HELP[scope]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <NoticeLine notice={notice} testId="api-key-message" />
        <button type="submit" className="button form-submit" disabled={busy} data-testid="api-key-create">
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>

      {created && (
        <SecretOnce
          title={`Your new key “${created.name}”`}
          value={created.key}
          warning="We keep only its prefix, so this is the only time the whole key is shown. Store it somewhere safe, such as a secrets manager; if you lose it, revoke it and create another."
          testId="api-key-secret"
          onDone={() => setCreated(null)}
        />
      )}

      <h3 className={styles.subTitle}>Your keys</h3>
      <NoticeLine notice={listNotice} testId="api-key-list-message" />
      {apiKeys.length === 0 ? (
        <p className="muted" data-testid="api-keys-empty">
          No keys yet.
        </p>
      ) : (
        <ul className={styles.list} data-testid="api-key-list">
          {[...active, ...revoked].map((key) => (
            <ApiKeyRow
              key={key.id}
              apiKey={key}
              confirming={confirming === key.id}
              revoking={revoking === key.id}
              onAsk={() => setConfirming(key.id)}
              onCancel={() => setConfirming(null)}
              onRevoke={() => revoke(key)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
