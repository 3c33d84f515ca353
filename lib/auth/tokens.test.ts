import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { bearerToken, DEFAULT_TOKEN_TTL_SECONDS as TOKEN_TTL_SECONDS, issueToken, verifyToken } from './tokens';
import { hashPassword, verifyPassword } from './passwords';

const secret = new TextEncoder().encode('s'.repeat(48));
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens', () => {
  it('verifies a token it issued', async () => {
    const token = await issueToken(secret, { userId: 'u1', role: 'TRADER' });
    const verified = await verifyToken(secret, token);
    assert.equal(verified?.userId, 'u1');
    assert.equal(verified?.role, 'TRADER');
  });

  it('gives every token its own id and the configured lifetime', async () => {
    const nowMs = Date.now();
    const [a, b] = await Promise.all([issueToken(secret, { userId: 'u1', role: 'BETTOR' }, nowMs, 60), issueToken(secret, { userId: 'u1', role: 'BETTOR' }, nowMs, 60)]);
    const [va, vb] = await Promise.all([verifyToken(secret, a), verifyToken(secret, b)]);
    assert.match(va!.tokenId, /^[0-9a-f-]{36}$/);
    assert.notEqual(va!.tokenId, vb!.tokenId);
    assert.equal(va!.expiresAtMs, (Math.floor(nowMs / 1000) + 60) * 1000);
  });

  it('refuses a validly signed token without an id, which no sign-out could revoke', async () => {
    const withoutId = await new SignJWT({ role: 'BETTOR' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('live-sportsbook')
      .setAudience('live-sportsbook-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);
    assert.equal(await verifyToken(secret, withoutId), null);
  });

  it('refuses an expired token', async () => {
    const token = await issueToken(secret, { userId: 'u1', role: 'BETTOR' }, Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000);
    assert.equal(await verifyToken(secret, token), null);
  });

  it('refuses a token that expired after it was first accepted', async () => {
    // Issued so that it expires two seconds from now.
    const token = await issueToken(secret, { userId: 'u2', role: 'BETTOR' }, Date.now() - (TOKEN_TTL_SECONDS - 2) * 1000);
    assert.equal((await verifyToken(secret, token))?.userId, 'u2');
    await new Promise((r) => setTimeout(r, 3100));
    assert.equal(await verifyToken(secret, token), null);
  });

  it('accepts a token only with the secret that signed it, even once accepted with it', async () => {
    const token = await issueToken(secret, { userId: 'u3', role: 'BETTOR' });
    assert.ok(await verifyToken(secret, token));
    assert.equal(await verifyToken(new TextEncoder().encode('x'.repeat(48)), token), null);
  });

  it('refuses an alg:none token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { sub: 'u1', role: 'TRADER', iss: 'live-sportsbook', aud: 'live-sportsbook-api', iat: now, exp: now + 60 };
    assert.equal(await verifyToken(secret, `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`), null);
  });

  it('refuses a token signed with another key, issuer or audience', async () => {
    const other = await issueToken(new TextEncoder().encode('o'.repeat(48)), { userId: 'u1', role: 'TRADER' });
    assert.equal(await verifyToken(secret, other), null);
    const wrongAudience = await new SignJWT({ role: 'TRADER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('live-sportsbook')
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(secret);
    assert.equal(await verifyToken(secret, wrongAudience), null);
  });

  it('refuses a token signed with the right secret under another algorithm (HS512, HS384)', async () => {
    for (const alg of ['HS512', 'HS384']) {
      const swapped = await new SignJWT({ role: 'TRADER' })
        .setProtectedHeader({ alg })
        .setSubject('u1')
        .setIssuer('live-sportsbook')
        .setAudience('live-sportsbook-api')
        .setJti('00000000-0000-4000-8000-000000000000')
        .setExpirationTime('1h')
        .sign(secret);
      assert.equal(await verifyToken(secret, swapped), null, alg);
    }
  });

  it('refuses a forged payload on a valid signature', async () => {
    const [header, , signature] = (await issueToken(secret, { userId: 'u1', role: 'BETTOR' })).split('.');
    const forged = b64({ sub: 'u1', role: 'TRADER', iss: 'live-sportsbook', aud: 'live-sportsbook-api', exp: 9999999999 });
    assert.equal(await verifyToken(secret, `${header}.${forged}.${signature}`), null);
  });

  it('reads only well-formed Bearer headers', () => {
    assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), null);
    assert.equal(bearerToken(''), null);
    assert.equal(bearerToken(undefined), null);
  });
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    assert.match(hash, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('wrong horse', hash), false);
    assert.equal(await verifyPassword('correct horse', 'garbage'), false);
  });
});
