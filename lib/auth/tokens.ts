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
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || (role !== 'BETTOR' && role !== 'TRADER')) return null;
    return { userId: payload.sub, role };
  } catch {
    return null;
  }
}

/** Extracts the token from an `Authorization: Bearer <token>` value. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
