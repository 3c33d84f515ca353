import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { serverQuery } from '../_data/server-query';
import { ApiUsage } from './api-usage';
import { DevelopersConsole } from './developers-console';
import styles from './developers.module.css';
import { DeveloperDocument } from './operations';

// Per-user: read at request time from the session cookie.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Developers' };

/** This site's origin as the request names it (the browser corrects it after hydration). */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host')?.split(',')[0]?.trim() || h.get('host') || 'localhost:3000';
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return `${proto}://${host}`;
}

/** For partners: API keys, webhooks with their delivery history, and how to use the API. */
export default async function DevelopersPage() {
  const [data, origin] = await Promise.all([serverQuery(DeveloperDocument), requestOrigin()]);
  if (!data.viewer) redirect('/sign-in?next=%2Fdevelopers');
  return (
    <div className={styles.page} data-testid="developers-page">
      <h1 className="page-title">Developers</h1>
      <p className={`muted ${styles.intro}`}>
        Build on the sportsbook: create API keys for your apps, receive your bets’ settlements by webhook, and call the same GraphQL API this site uses.
      </p>
      <DevelopersConsole initial={data} />
      <ApiUsage origin={origin} />
    </div>
  );
}
