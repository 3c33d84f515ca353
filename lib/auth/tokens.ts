import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export type Role = 'BETTOR' | 'TRADER';

/** Who a valid token speaks for. */
export interface Principal {
  userId: string;
  role: Role;
}

/** A valid token: who it speaks for, its id (revoked on sign-out) and when it expires. */
export interface VerifiedToken extends Principal {
  tokenId: string;
  expiresAtMs: number;
}

const ALGORITHM = 'HS256';
const ISSUER = 'live-sportsbook';
const AUDIENCE = 'live-sportsbook-api';
/** How long a token lives unless configured otherwise (TOKEN_TTL_SECONDS). */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Signs a token for a user: HS256, fixed issuer and audience, a random id, 12 hours unless told. */
export async function issueToken(secret: Uint8Array, principal: Principal, nowMs = Date.now(), ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ role: principal.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(principal.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(secret);
}

/**
 * Verifies a token, pinning the algorithm (so `alg: none` or an RSA/HMAC swap is refused), the
 * issuer, the audience and the expiry, and requiring an id and an expiry (tokens issued before
 * tokens had ids cannot be revoked, so they are refused). Returns null for any token that fails.
 * Whether the token was revoked since is the revocation set's question (revocations.ts).
 */
export async function verifyToken(secret: Uint8Array, token: string): Promise<VerifiedToken | null> {
  const cache = verifiedTokens(secret);
  const known = cache.get(token);
  if (known) {
    if (known.expiresAtMs > Date.now()) return known;
    cache.delete(token);
    return null;
  }
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'jti'] });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return null;
    if (role !== 'BETTOR' && role !== 'TRADER') return null;
    const verified: VerifiedToken = { userId: payload.sub, role, tokenId: payload.jti, expiresAtMs: payload.exp * 1000 };
    if (cache.size >= VERIFIED_TOKENS_MAX) cache.delete(cache.keys().next().value!);
    cache.set(token, verified);
    return verified;
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
const verifiedBySecret = new WeakMap<Uint8Array, Map<string, VerifiedToken>>();
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
