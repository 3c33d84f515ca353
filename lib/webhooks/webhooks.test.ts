import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { retryDelaySeconds, signWebhook } from './webhooks';

describe('webhook signatures and retries', () => {
  it('signs "<t>.<body>" with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    assert.equal(signWebhook('whsec_test', '{"a":1}', 1700000000), `t=1700000000,v1=${expected}`);
    assert.notEqual(signWebhook('whsec_test', '{"a":1}', 1700000000), signWebhook('whsec_other', '{"a":1}', 1700000000));
    assert.match(signWebhook('s', 'b', 1), /^t=1,v1=[0-9a-f]{64}$/);
  });

  it('backs off exponentially to at most ten minutes', () => {
    assert.deepEqual([1, 2, 3, 9, 10, 20].map(retryDelaySeconds), [2, 4, 8, 512, 600, 600]);
  });
});
