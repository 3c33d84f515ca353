import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { deliveryTargetProblem, isPrivateAddress, retryDelaySeconds, signWebhook, webhookUrlProblem } from './webhooks';

describe('webhook targets', () => {
  it('accepts https and, for development, http on localhost only', () => {
    assert.equal(webhookUrlProblem('https://partner.example/hooks'), null);
    assert.equal(webhookUrlProblem('http://localhost:8080/x'), null);
    assert.equal(webhookUrlProblem('http://127.0.0.1:9/x'), null);
    assert.match(webhookUrlProblem('http://partner.example/x')!, /https/);
    assert.match(webhookUrlProblem('ftp://x')!, /https/);
    assert.match(webhookUrlProblem('https://user:pass@partner.example')!, /credentials/);
    assert.match(webhookUrlProblem('not a url')!, /not a URL/);
  });

  it('knows private, loopback and link-local addresses', () => {
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
      assert.equal(isPrivateAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700::1111']) assert.equal(isPrivateAddress(a), false, a);
  });

  it('refuses to deliver over https to a host that is a private address', async () => {
    assert.match((await deliveryTargetProblem('https://169.254.169.254/latest'))!, /private/);
    assert.match((await deliveryTargetProblem('https://[::1]/x'))!, /private/);
    assert.match((await deliveryTargetProblem('https://localhost/x'))!, /private/);
    assert.equal(await deliveryTargetProblem('http://127.0.0.1:9/x'), null);
  });
});

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
