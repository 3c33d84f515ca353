import { cookies } from 'next/headers';
import { cache } from 'react';
import { SESSION_COOKIE, viewerFromSessionToken } from '../../lib/auth/session';
import { formatMoney } from '../../lib/money';
import { sharedRuntime } from '../../lib/runtime-shared';
import { getBalance } from '../../lib/wallet/read-wallet';
import type { ViewerSummary } from '../_account/operations';

export interface SessionViewer {
  id: string;
  username: string;
  role: 'BETTOR' | 'TRADER';
}

/**
 * The signed-in user of this request, from the httpOnly session cookie, or null. Cached per
 * request, so the layout and the page verify the cookie once.
 */
export const loadSessionViewer = cache(async (): Promise<SessionViewer | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  // Without a cookie there is nobody to look up (and no runtime is needed, e.g. during a build).
  if (!token) return null;
  return viewerFromSessionToken(sharedRuntime(), token);
});

/** The header's view of the signed-in user: name and balance. */
export const loadViewerSummary = cache(async (): Promise<ViewerSummary | null> => {
  const viewer = await loadSessionViewer();
  if (!viewer) return null;
  const balanceMinor = await getBalance(sharedRuntime().db, viewer.id);
  return { id: viewer.id, username: viewer.username, balance: formatMoney(balanceMinor) };
});
