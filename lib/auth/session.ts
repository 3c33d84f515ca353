import { getUser, type User } from './accounts';
import { verifyToken } from './tokens';
import type { Runtime } from '../runtime';

/** The web app's session cookie: the same JWT the API issues, kept where scripts cannot read it. */
export const SESSION_COOKIE = 'sb_session';

/** The signed-in user behind a session token, or null for none, an invalid, expired or signed-out one, or a deleted user. */
export async function viewerFromSessionToken(runtime: Pick<Runtime, 'db' | 'authSecret' | 'revocations'>, token: string | undefined | null): Promise<User | null> {
  if (!token) return null;
  const verified = await verifyToken(runtime.authSecret, token);
  if (!verified || runtime.revocations.problem({ kind: 'token', ...verified })) return null;
  return getUser(runtime.db, verified.userId);
}

/** A Set-Cookie value that stores the token (httpOnly, SameSite=Lax, secure on https) for as long as it lives. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

/** A Set-Cookie value that removes the session. */
export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

/** Reads the session token from a Cookie header. */
export function sessionTokenFromCookies(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}
