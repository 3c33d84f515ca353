import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { nextMessagePrefix, sendTextFrame, sharedPayload } from './ws-frames';

/** A real ws server and client on loopback: the server side of each connection, and what the client receives. */
async function connect(serverOptions: { perMessageDeflate: boolean }) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...serverOptions });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: serverOptions.perMessageDeflate });
  const received: Array<{ text: string; binary: boolean }> = [];
  client.on('message', (data, binary) => received.push({ text: data.toString(), binary }));
  await new Promise((resolve) => client.once('open', resolve));
  const server = await accepted;
  const until = async (count: number) => {
    for (let i = 0; i < 500 && received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(received.length, count, `expected ${count} messages`);
  };
  const close = async () => {
    client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  };
  return { server, received, until, close };
}

const payloadOf = (bytes: number) => JSON.stringify({ data: { oddsChanged: { note: 'é'.repeat(Math.floor(bytes / 2)) } } });

describe('Shared text frames', () => {
  let plain: Awaited<ReturnType<typeof connect>>;
  before(async () => {
    plain = await connect({ perMessageDeflate: false });
  });
  after(() => plain.close());

  it('deliver the subscriber’s graphql-ws message whole, at every frame-length encoding (short, 16-bit, 64-bit)', async () => {
    const prefix = nextMessagePrefix('sub-1');
    const payloads = [payloadOf(10), payloadOf(400), payloadOf(70_000)];
    const start = plain.received.length;
    for (const json of payloads) sendTextFrame(plain.server, prefix, sharedPayload(json));
    await plain.until(start + payloads.length);
    plain.received.slice(start).forEach((message, i) => {
      assert.equal(message.binary, false);
      assert.deepEqual(JSON.parse(message.text), { id: 'sub-1', type: 'next', payload: JSON.parse(payloads[i]) });
    });
  });

  it('share one payload buffer between subscribers without mixing their ids, in order with ws’s own sends', async () => {
    const shared = sharedPayload(payloadOf(300));
    const start = plain.received.length;
    sendTextFrame(plain.server, nextMessagePrefix('a'), shared);
    plain.server.send('{"type":"ping"}');
    sendTextFrame(plain.server, nextMessagePrefix('b "quoted"'), shared);
    await plain.until(start + 3);
    const [first, ping, second] = plain.received.slice(start).map((m) => JSON.parse(m.text));
    assert.equal(first.id, 'a');
    assert.deepEqual(ping, { type: 'ping' });
    assert.equal(second.id, 'b "quoted"');
    assert.deepEqual(first.payload, second.payload);
  });

  it('wait behind a message ws is still compressing, when compression was negotiated', async () => {
    const compressed = await connect({ perMessageDeflate: true });
    try {
      assert.notEqual(compressed.server.extensions, '');
      const json = payloadOf(2_000);
      compressed.server.send(JSON.stringify({ type: 'next', id: 'first', payload: payloadOf(20_000) })); // deflated asynchronously
      sendTextFrame(compressed.server, nextMessagePrefix('z'), sharedPayload(json));
      await compressed.until(2);
      assert.equal(JSON.parse(compressed.received[0].text).id, 'first');
      assert.equal(compressed.received[1].binary, false);
      assert.deepEqual(JSON.parse(compressed.received[1].text), { id: 'z', type: 'next', payload: JSON.parse(json) });
    } finally {
      await compressed.close();
    }
  });
});
