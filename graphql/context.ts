import { sessionTokenFromCookies } from '../lib/auth/session';
import { verifyApiKey } from '../lib/auth/api-keys';
import { bearerToken, verifyToken, type Principal } from '../lib/auth/tokens';
import type { Runtime } from '../lib/runtime';

/** Who is calling, whatever they may do: what rate limits count against. */
export type Caller = { kind: 'user'; id: string } | { kind: 'key'; id: string; userId: string; scopes: string[] } | { kind: 'anonymous'; id: string };

export interface Context {
  runtime: Runtime;
  /** The account the call acts for: null when signed out, or for an API key without the `bet` scope. */
  viewer: Principal | null;
  caller: Caller;
  /** Sets a response header on HTTP (Retry-After); does nothing on WebSockets. */
  setHeader(name: string, value: string): void;
  /** The client's network address (rate limits). */
  address: string;
  /** Sets a cookie on the HTTP response; does nothing on WebSockets. */
  setCookie(value: string): void;
  /** Whether the client reached us over https (cookies get `Secure`). */
  secure: boolean;
  /** Identifies a WebSocket connection in event rooms; absent on HTTP. */
  memberId?: string;
}

export interface ContextSource {
  authorization?: string | null;
  /** `X-Api-Key` on HTTP, `apiKey` in connection_init. */
  apiKey?: string | null;
  setHeader?: (name: string, value: string) => void;
  cookie?: string | null;
  address?: string | null;
  secure?: boolean;
  setCookie?: (value: string) => void;
}

/**
 * Builds the context of one operation. Partners send `Authorization: Bearer` (HTTP) or
 * `{ authorization: "Bearer …" }` in connection_init (graphql-ws); the web app's httpOnly session
 * cookie counts when no Authorization is sent. A missing or invalid token means signed out: fields
 * that need a viewer then answer UNAUTHENTICATED.
 */
export async function createContext(runtime: Runtime, source: ContextSource): Promise<Context> {
  const bearer = source.authorization ? bearerToken(source.authorization) : null;
  const presentedKey = source.apiKey ?? (bearer?.startsWith('sbk_') ? bearer : null);
  let viewer: Principal | null = null;
  let caller: Caller = { kind: 'anonymous', id: source.address ?? 'unknown' };
  if (presentedKey) {
    const key = await verifyApiKey(runtime.db, presentedKey);
    if (key) {
      caller = { kind: 'key', id: key.apiKeyId, userId: key.userId, scopes: key.scopes };
      // `read` reaches public data only; acting for the account needs `bet`.
      if (key.scopes.includes('bet')) viewer = { userId: key.userId, role: key.role };
    }
  } else {
    const token = bearer ?? (source.authorization ? null : sessionTokenFromCookies(source.cookie));
    viewer = token ? await verifyToken(runtime.authSecret, token) : null;
    if (viewer) caller = { kind: 'user', id: viewer.userId };
  }
  return {
    runtime,
    viewer,
    caller,
    setHeader: source.setHeader ?? (() => {}),
    address: source.address ?? 'unknown',
    secure: source.secure ?? false,
    setCookie: source.setCookie ?? (() => {}),
  };
}
