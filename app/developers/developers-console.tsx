'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import { ApiKeysPanel } from './api-keys-panel';
import { DEVELOPER, type DeveloperData } from './operations';
import styles from './developers.module.css';
import { WebhooksPanel } from './webhooks-panel';

/**
 * The keys and webhooks of the signed-in user. The server renders the first paint; after every
 * change (and on Refresh) the list is read again over GraphQL, so it always shows what the server
 * holds rather than a guess.
 */
export function DevelopersConsole({ initial }: { initial: DeveloperData }) {
  const client = useApolloClient();
  const [data, setData] = useState<DeveloperData>(initial);

  /** Reads keys, webhooks and deliveries again; throws when that fails so callers can say so. */
  const reload = useCallback(async () => {
    const result = await client.query({ query: DEVELOPER, fetchPolicy: 'network-only' });
    const viewer = result.data?.viewer;
    if (!viewer) throw new Error('viewer is null');
    setData({ apiKeys: viewer.apiKeys, webhooks: viewer.webhooks });
  }, [client]);

  return (
    <div className={styles.console}>
      <ApiKeysPanel apiKeys={data.apiKeys} reload={reload} onChange={(apiKeys) => setData((d) => ({ ...d, apiKeys }))} />
      <WebhooksPanel webhooks={data.webhooks} reload={reload} />
    </div>
  );
}
