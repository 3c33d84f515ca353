'use client';

import { useEffect, useId, useState } from 'react';
import styles from './developers.module.css';

const VERIFY_NODE = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (before JSON.parse).
function verify(rawBody, signatureHeader, secret) {
  const parts = Object.fromEntries(
    signatureHeader.split(',').map((p) => p.split('=')),
  );
  const t = Number(parts.t);
  // Refuse old deliveries (replays): allow 5 minutes.
  if (!t || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret)
    .update(\`\${t}.\${rawBody}\`)
    .digest('hex');
  const given = String(parts.v1 ?? '');
  return given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}`;

const DELIVERY_BODY = `POST /your/path
Content-Type: application/json
X-Sportsbook-Signature: t=1767225600,v1=5f0c…
X-Sportsbook-Delivery: <delivery id>

{"id":"<delivery id>","type":"bet.settled","cursor":"42",
 "betId":"<bet id>","createdAt":"2026-01-01T00:00:00.000Z"}`;

const WS_INIT = `{
  "type": "connection_init",
  "payload": { "apiKey": "<key>" }
}`;

/**
 * How to call the API with a key and check webhook signatures. The endpoint is this site's own
 * origin: the server's guess from the request first, the browser's own location once hydrated.
 */
export function ApiUsage({ origin: serverOrigin }: { origin: string }) {
  const ids = useId();
  const [origin, setOrigin] = useState(serverOrigin);
  useEffect(() => setOrigin(window.location.origin), []);
  const endpoint = `${origin}/graphql`;
  const socket = endpoint.replace(/^http/, 'ws');
  const curl = `curl ${endpoint} \\
  -H 'Content-Type: application/json' \\
  -H 'X-Api-Key: <key>' \\
  -d '{"query":"{ viewer { username balance } }"}'`;

  // The code blocks scroll sideways on a phone; tabIndex lets a keyboard scroll them too.
  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={`${ids}-title`} data-testid="api-usage">
      <h2 id={`${ids}-title`} className="panel-title">
        Using the API
      </h2>

      <h3 className={styles.subTitle}>Endpoint</h3>
      <p>
        GraphQL over HTTP: <code className={styles.inline}>POST</code> a JSON body{' '}
        <code className={styles.inline}>{'{ "query", "variables" }'}</code> to
      </p>
      <pre className={styles.code} tabIndex={0} data-testid="api-endpoint">
        {endpoint}
      </pre>
      <p className={styles.small}>Explore the schema and try queries in GraphiQL, served at the same URL when opened in a browser.</p>
      <div className={styles.actions}>
        <a href="/graphql" className="button button-secondary" data-testid="graphiql-link">
          Open GraphiQL
        </a>
      </div>

      <h3 className={styles.subTitle}>Authenticate with your key</h3>
      <p>Send the key in one of these headers:</p>
      <pre className={styles.code} tabIndex={0} data-testid="api-headers">{`X-Api-Key: <key>
Authorization: Bearer <key>`}</pre>
      <pre className={styles.code} tabIndex={0}>{curl}</pre>
      <p className={styles.small}>
        A READ key can read events and odds; a BET key acts for your account (wallet, bets, cashout, bet updates). Keys cannot manage keys or webhooks:
        that takes you, signed in here.
      </p>

      <h3 className={styles.subTitle}>Subscriptions</h3>
      <p>
        graphql-ws (<code className={styles.inline}>graphql-transport-ws</code>) on <code className={styles.inline}>{socket}</code>, with the key in the{' '}
        <code className={styles.inline}>connection_init</code> payload:
      </p>
      <pre className={styles.code} tabIndex={0} data-testid="api-ws-init">
        {WS_INIT}
      </pre>

      <h3 className={styles.subTitle}>Verify webhook signatures</h3>
      <p>
        Every delivery carries <code className={styles.inline}>X-Sportsbook-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where{' '}
        <code className={styles.inline}>v1</code> is the HMAC-SHA256, keyed with the webhook’s signing secret, of{' '}
        <code className={styles.inline}>&lt;t&gt;.&lt;raw body&gt;</code>. Compute it over the raw bytes you received, compare in constant time, and
        refuse old timestamps. Answer 2xx quickly; a retry has the same <code className={styles.inline}>X-Sportsbook-Delivery</code> id, so use it to
        ignore duplicates.
      </p>
      <pre className={styles.code} tabIndex={0}>{DELIVERY_BODY}</pre>
      <pre className={styles.code} tabIndex={0} data-testid="api-verify">
        {VERIFY_NODE}
      </pre>
    </section>
  );
}
