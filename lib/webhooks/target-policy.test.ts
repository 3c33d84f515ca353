import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { classifyAddress, resolveDeliveryTarget, webhookUrlProblem } from './target-policy';

const PRODUCTION = { allowLoopback: false };
const DEVELOPMENT = { allowLoopback: true };

// Every spelling of an address the server must never be made to call, with what it is.
const REFUSED: Array<[string, string]> = [
  // Loopback, in every form the URL parser or the resolver would accept.
  ['https://127.0.0.1/', 'loopback'],
  ['https://127.1/', 'loopback'],
  ['https://127.0.0.1./', 'loopback'],
  ['https://2130706433/', 'loopback'], // decimal
  ['https://0x7f000001/', 'loopback'], // hex
  ['https://0x7f.1/', 'loopback'],
  ['https://0177.0.0.1/', 'loopback'], // octal
  ['https://017700000001/', 'loopback'],
  ['https://%31%32%37.0.0.1/', 'loopback'], // percent-encoded
  ['https://①②⑦.0.0.1/', 'loopback'], // full-width digits (IDNA maps them)
  ['https://[::1]/', 'loopback'],
  ['https://[0:0:0:0:0:0:0:1]/', 'loopback'],
  ['https://[::ffff:127.0.0.1]/', 'loopback'], // IPv4-mapped
  ['https://[::ffff:7f00:1]/', 'loopback'],
  ['https://[0:0:0:0:0:ffff:127.0.0.1]/', 'loopback'],
  ['https://[64:ff9b::127.0.0.1]/', 'loopback'], // NAT64 to loopback
  ['https://[2002:7f00:1::]/', 'loopback'], // 6to4 of loopback
  ['https://localhost/', 'loopback'],
  ['https://LOCALHOST./', 'loopback'],
  ['https://api.localhost/', 'loopback'],
  // Cloud metadata services.
  ['https://169.254.169.254/latest/meta-data/', 'metadata'],
  ['https://[::ffff:169.254.169.254]/', 'metadata'],
  ['https://[::ffff:a9fe:a9fe]/', 'metadata'],
  ['https://0xa9fea9fe/', 'metadata'],
  ['https://2852039166/', 'metadata'],
  ['https://0251.0376.0251.0376/', 'metadata'],
  ['https://[fd00:ec2::254]/', 'metadata'],
  ['https://100.100.100.200/', 'metadata'],
  // Unspecified ("this host").
  ['https://0.0.0.0/', 'unspecified'],
  ['https://0/', 'unspecified'],
  ['https://[::]/', 'unspecified'],
  ['https://[::ffff:0.0.0.0]/', 'unspecified'],
  // Private networks.
  ['https://10.0.0.1/', 'private'],
  ['https://172.16.0.1/', 'private'],
  ['https://172.31.255.255/', 'private'],
  ['https://192.168.1.1/', 'private'],
  ['https://100.64.0.1/', 'private'],
  ['https://[::ffff:10.1.2.3]/', 'private'],
  ['https://[::ffff:c0a8:101]/', 'private'],
  ['https://[fd12:3456::1]/', 'private'],
  ['https://[fc00::1]/', 'private'],
  // Link-local.
  ['https://169.254.1.1/', 'link-local'],
  ['https://[fe80::1]/', 'link-local'],
  // Reserved, multicast, documentation, broadcast.
  ['https://255.255.255.255/', 'reserved'],
  ['https://224.0.0.1/', 'reserved'],
  ['https://192.0.2.1/', 'reserved'],
  ['https://[ff02::1]/', 'reserved'],
  ['https://[::127.0.0.1]/', 'reserved'], // IPv4-compatible
  ['https://[2001:db8::1]/', 'reserved'],
];

describe('webhook targets as written', () => {
  it('refuse loopback, metadata, unspecified, private, link-local and reserved addresses in every spelling', () => {
    for (const [url, kind] of REFUSED) {
      const problem = webhookUrlProblem(url, PRODUCTION);
      assert.ok(problem, `${url} was accepted`);
      assert.ok(problem.includes(kind), `${url}: "${problem}" should name it ${kind}`);
    }
  });

  it('refuse names that do not lead to the public internet', () => {
    for (const url of ['https://metadata.google.internal/', 'https://printer.local/', 'https://nas.home.arpa/', 'https://box.localdomain/', 'https://wiki.corp./']) {
      assert.match(webhookUrlProblem(url, PRODUCTION) ?? 'accepted', /public host name/, url);
    }
  });

  it('refuse plain http, other schemes, credentials and non-URLs', () => {
    assert.match(webhookUrlProblem('http://partner.example/x', PRODUCTION)!, /https/);
    assert.match(webhookUrlProblem('http://localhost:8080/x', PRODUCTION)!, /https/);
    assert.match(webhookUrlProblem('ftp://partner.example/x', PRODUCTION)!, /https/);
    assert.match(webhookUrlProblem('https://user:pass@partner.example/', PRODUCTION)!, /credentials/);
    assert.match(webhookUrlProblem('not a url', PRODUCTION)!, /not a URL/);
    assert.match(webhookUrlProblem('https://[fe80::1%25eth0]/', PRODUCTION)!, /not a URL/); // zone ids do not parse
  });

  it('accept https to public addresses and names, trailing dot included', () => {
    for (const url of ['https://partner.example/hooks', 'https://partner.example./hooks', 'https://8.8.8.8/x', 'https://[2606:4700::1111]/x', 'https://[::ffff:8.8.8.8]/x', 'https://[64:ff9b::808:808]/x', 'https://172.32.0.1/x']) {
      assert.equal(webhookUrlProblem(url, PRODUCTION), null, url);
    }
  });

  it('accept loopback, over http too, only where development allows it, and nothing private even then', () => {
    for (const url of ['http://localhost:8080/x', 'http://127.0.0.1:9/x', 'http://[::1]:9/x', 'https://localhost/x', 'http://[::ffff:127.0.0.1]:9/x']) {
      assert.equal(webhookUrlProblem(url, DEVELOPMENT), null, url);
      assert.ok(webhookUrlProblem(url, PRODUCTION), `${url} in production`);
    }
    for (const url of ['http://10.0.0.1/', 'https://169.254.169.254/', 'http://partner.example/', 'https://[::]/']) assert.ok(webhookUrlProblem(url, DEVELOPMENT), url);
  });

  it('classify bare addresses, with zone ids, and say when text is no address', () => {
    assert.equal(classifyAddress('fe80::1%eth0'), 'link-local');
    assert.equal(classifyAddress('::ffff:127.0.0.1'), 'loopback');
    assert.equal(classifyAddress('8.8.8.8'), 'public');
    assert.equal(classifyAddress('partner.example'), null);
  });
});

describe('webhook targets at delivery', () => {
  it('refuse a host name that resolves to a loopback or private address, though it passed as written', async () => {
    // The machine's own name passes as written but resolves, through the hosts file, to a loopback
    // address (Debian's 127.0.1.1, or 127.0.0.1) or to a container's private address.
    const own = `https://${hostname()}:8443/hook`;
    assert.equal(webhookUrlProblem(own, PRODUCTION), null);
    const target = await resolveDeliveryTarget(own, PRODUCTION);
    assert.equal(target.ok, false);
    assert.match(!target.ok ? target.problem : '', /resolves to a (loopback|private) address/);
  });

  it('resolve localhost to loopback and allow it only where development allows loopback', async () => {
    const allowed = await resolveDeliveryTarget('http://localhost:8080/hook', DEVELOPMENT);
    assert.ok(allowed.ok && classifyAddress(allowed.address) === 'loopback');
    assert.equal((await resolveDeliveryTarget('https://localhost:8443/hook', PRODUCTION)).ok, false);
  });

  it('check every address form again, as written, before resolving', async () => {
    for (const [url] of REFUSED) assert.equal((await resolveDeliveryTarget(url, PRODUCTION)).ok, false, url);
  });
});
