import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvError, loadEnv, logLevel } from './env';

describe('configuration', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const env = loadEnv({});
    assert.equal(env.PORT, 3000);
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.REDIS_URL, undefined);
    assert.equal(env.FEED, 'simulated');
    assert.equal(env.INPLAY_DELAY_MS, 3000);
    assert.equal(env.TRADER_USERNAME, 'trader');
  });

  it('names each invalid variable in its message', () => {
    const error = (() => {
      try {
        loadEnv({ PORT: 'eighty', FEED: 'live', REDIS_URL: 'http://x', INPLAY_DELAY_MS: '-1' });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof EnvError);
    for (const name of ['PORT', 'FEED', 'REDIS_URL', 'INPLAY_DELAY_MS']) assert.match(error.message, new RegExp(name));
  });

  it('requires chosen secrets when a shared database is configured', () => {
    assert.throws(() => loadEnv({ DATABASE_URL: 'postgres://localhost/x' }), /AUTH_SECRET[\s\S]*TRADER_PASSWORD/);
    assert.throws(() => loadEnv({ AUTH_SECRET: 'short' }), /AUTH_SECRET must be at least 32/);
    const env = loadEnv({ DATABASE_URL: 'postgres://localhost/x', AUTH_SECRET: 'x'.repeat(32), TRADER_PASSWORD: 'long-enough' });
    assert.equal(env.DATABASE_URL, 'postgres://localhost/x');
  });

  it('rejects ports out of range', () => {
    assert.throws(() => loadEnv({ PORT: '70000' }), /PORT must be between 0 and 65535/);
  });

  it('keeps allowed origins in the form browsers send, and refuses anything that is not an origin', () => {
    assert.deepEqual(loadEnv({ ALLOWED_ORIGINS: ' https://Partner.Example:443 , http://localhost:3001/' }).ALLOWED_ORIGINS, ['https://partner.example', 'http://localhost:3001']);
    for (const bad of ['*', 'partner.example', 'https://partner.example/app', 'https://user:pw@partner.example', 'ftp://partner.example', 'null']) {
      assert.throws(() => loadEnv({ ALLOWED_ORIGINS: bad }), /ALLOWED_ORIGINS/, bad);
    }
  });

  it('allows webhooks to loopback only outside production', () => {
    assert.equal(loadEnv({ WEBHOOK_ALLOW_LOOPBACK: 'on' }).WEBHOOK_ALLOW_LOOPBACK, 'on');
    assert.equal(loadEnv({}).WEBHOOK_ALLOW_LOOPBACK, 'off');
    assert.throws(() => loadEnv({ WEBHOOK_ALLOW_LOOPBACK: 'on', NODE_ENV: 'production' }), /WEBHOOK_ALLOW_LOOPBACK/);
  });

  it('runs simulated matches at four times real speed unless FEED_MATCH_SPEED says otherwise', () => {
    assert.equal(loadEnv({}).FEED_MATCH_SPEED, 4);
    assert.equal(loadEnv({ FEED_MATCH_SPEED: '60' }).FEED_MATCH_SPEED, 60);
    assert.throws(() => loadEnv({ FEED_MATCH_SPEED: '0' }), /FEED_MATCH_SPEED must be between 1 and 1000/);
    assert.throws(() => loadEnv({ FEED_MATCH_SPEED: 'fast' }), /FEED_MATCH_SPEED must be a whole number/);
  });

  it('logs at LOG_LEVEL, else at warn in tests and info otherwise, and refuses a level pino lacks', () => {
    assert.equal(logLevel({ LOG_LEVEL: 'debug', NODE_ENV: 'test' }), 'debug');
    assert.equal(logLevel({ NODE_ENV: 'test' }), 'warn');
    assert.equal(logLevel({ NODE_ENV: 'production' }), 'info');
    assert.equal(logLevel({}), 'info');
    assert.equal(logLevel({ LOG_LEVEL: 'loud' }), 'info');
    assert.throws(() => loadEnv({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.equal(loadEnv({ LOG_LEVEL: 'error' }).LOG_LEVEL, 'error');
  });
});
