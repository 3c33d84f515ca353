'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import type { DeveloperQuery } from '../_gql/graphql';
import { usePrimedQuery } from '../_live/use-primed-query';
import { ApiKeysPanel } from './api-keys-panel';
import { DeveloperDocument, type ApiKeyView } from './operations';
import styles from './developers.module.css';
import { WebhooksPanel } from './webhooks-panel';

/**
 * The keys and webhooks of the signed-in user. The server renders the first paint from the same
 * query; after every change (and on Refresh) it is read again into the cache, so the page always
 * shows what the server holds rather than a guess.
 */
export function DevelopersConsole({ initial }: { initial: DeveloperQuery }) {
  const client = useApolloClient();
  const data = usePrimedQuery(DeveloperDocument, {}, initial);
  // A key just created or revoked shows at once, before the re-read lands.
  const [keysShown, setKeysShown] = useState<{ from: unknown; keys: readonly ApiKeyView[] } | null>(null);
  const apiKeys = keysShown && keysShown.from === data ? keysShown.keys : (data.viewer?.apiKeys ?? []);

  /** Reads keys, webhooks and deliveries again; throws when that fails so callers can say so. */
  const reload = useCallback(async () => {
    const result = await client.query({ query: DeveloperDocument, fetchPolicy: 'network-only' });
    if (!result.data?.viewer) throw new Error('viewer is null');
  }, [client]);

  return (
    <div className={styles.console}>
      <ApiKeysPanel apiKeys={apiKeys} reload={reload} onChange={(keys) => setKeysShown({ from: data, keys })} />
      <WebhooksPanel webhooks={data.viewer?.webhooks ?? []} reload={reload} />
    </div>
  );
}
