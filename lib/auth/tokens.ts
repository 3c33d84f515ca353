import { jwtVerify, SignJWT } from 'jose';

export type Role = 'BETTOR' | 'TRADER';

/** Who a valid token speaks for. */
export interface Principal {
  userId: string;
  role: Role;
}

const ALGORITHM = 'HS256';
const ISSUER = 'live-sportsbook';
const AUDIENCE = 'live-sportsbook-api';
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Signs a token for a user: HS256, fixed issuer and audience, 12 hours. */
export async function issueToken(secret: Uint8Array, principal: Principal, nowMs = Date.now()): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ role: principal.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(principal.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_TTL_SECONDS)
    .sign(secret);
}

/**
 * Verifies a token, pinning the algorithm (so `alg: none` or an RSA/HMAC swap is refused), the
 * issuer, the audience and the expiry. Returns null for any token that fails.
 */
export async function verifyToken(secret: Uint8Array, token: string): Promise<Principal | null> {
  const cache = verifiedTokens(secret);
  const known = cache.get(token);
  if (known && known.expiresAtMs > Date.now()) return known.principal;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || (role !== 'BETTOR' && role !== 'TRADER')) return null;
    const principal: Principal = { userId: payload.sub, role };
    if (typeof payload.exp === 'number') {
      if (cache.size >= VERIFIED_TOKENS_MAX) cache.delete(cache.keys().next().value!);
      cache.set(token, { principal, expiresAtMs: payload.exp * 1000 });
    }
    return principal;
  } catch {
    return null;
  }
}

/**
 * Tokens already verified with a secret, until they expire: a token is a pure function of its
 * claims and the secret, so a second verification of the same bytes cannot answer differently
 * before `exp`. Bounded; saves an HMAC and JSON parsing on every request of a busy client.
 */
const VERIFIED_TOKENS_MAX = 10_000;
const verifiedBySecret = new WeakMap<Uint8Array, Map<string, { principal: Principal; expiresAtMs: number }>>();
function verifiedTokens(secret: Uint8Array) {
  let cache = verifiedBySecret.get(secret);
  if (!cache) verifiedBySecret.set(secret, (cache = new Map()));
  return cache;
}

/** Extracts the token from an `Authorization: Bearer <token>` value. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
