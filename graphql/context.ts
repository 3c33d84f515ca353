import { sessionTokenFromCookies } from '../lib/auth/session';
import { verifyApiKey } from '../lib/auth/api-keys';
import type { Credential, CredentialProblem } from '../lib/auth/revocations';
import { bearerToken, verifyToken, type Principal } from '../lib/auth/tokens';
import { addressBucket } from '../lib/ip-address';
import type { Runtime } from '../lib/runtime';

/** Who is calling, whatever they may do: what rate limits count against. */
export type Caller = { kind: 'user'; id: string } | { kind: 'key'; id: string; userId: string; scopes: string[] } | { kind: 'anonymous'; id: string };

export interface Context {
  runtime: Runtime;
  /** The account the call acts for: null when signed out, or for an API key without the `bet` scope. */
  viewer: Principal | null;
  caller: Caller;
  /** The token or key the call was made with, while it holds: what signOut revokes and a socket watches. */
  credential: Credential | null;
  /** Why a credential that was presented no longer counts (revoked, expired): said with UNAUTHENTICATED. */
  credentialProblem: CredentialProblem | null;
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
 * cookie counts when no Authorization is sent. A missing, invalid, expired or revoked credential
 * means signed out: fields that need a viewer then answer UNAUTHENTICATED. Revocation is read from
 * the instance's revocation set, which every instance keeps current (lib/auth/revocations.ts).
 */
export async function createContext(runtime: Runtime, source: ContextSource): Promise<Context> {
  const bearer = source.authorization ? bearerToken(source.authorization) : null;
  const presentedKey = source.apiKey ?? (bearer?.startsWith('sbk_') ? bearer : null);
  let viewer: Principal | null = null;
  let caller: Caller = { kind: 'anonymous', id: addressBucket(source.address ?? 'unknown') };
  let credential: Credential | null = null;
  let credentialProblem: CredentialProblem | null = null;
  if (presentedKey) {
    const key = await verifyApiKey(runtime.db, presentedKey);
    const presented: Credential | null = key && { kind: 'key', keyId: key.apiKeyId, userId: key.userId };
    credentialProblem = presented && runtime.revocations.problem(presented);
    if (key && presented && !credentialProblem) {
      credential = presented;
      caller = { kind: 'key', id: key.apiKeyId, userId: key.userId, scopes: key.scopes };
      // `read` reaches public data only; acting for the account needs `bet`.
      if (key.scopes.includes('bet')) viewer = { userId: key.userId, role: key.role };
    }
  } else {
    const token = bearer ?? (source.authorization ? null : sessionTokenFromCookies(source.cookie));
    const verified = token ? await verifyToken(runtime.authSecret, token) : null;
    const presented: Credential | null = verified && { kind: 'token', tokenId: verified.tokenId, userId: verified.userId, expiresAtMs: verified.expiresAtMs };
    credentialProblem = presented && runtime.revocations.problem(presented);
    if (verified && presented && !credentialProblem) {
      credential = presented;
      viewer = { userId: verified.userId, role: verified.role };
      caller = { kind: 'user', id: viewer.userId };
    }
  }
  return {
    runtime,
    viewer,
    caller,
    credential,
    credentialProblem,
    setHeader: source.setHeader ?? (() => {}),
    address: source.address ?? 'unknown',
    secure: source.secure ?? false,
    setCookie: source.setCookie ?? (() => {}),
  };
}

/**
 * The context a socket continues with once the credential it connected with was revoked or
 * expired: signed out, counted by address, and saying why with UNAUTHENTICATED.
 */
export function signedOutContext<C extends Context>(context: C, problem: CredentialProblem): C {
  return {
    ...context,
    viewer: null,
    caller: { kind: 'anonymous', id: addressBucket(context.address) },
    credential: null,
    credentialProblem: problem,
    // A new object: the dataloader plugin keys its loaders by context, so nothing the signed-in
    // socket loaded (its own bets) is served to the signed-out one.
  };
}
