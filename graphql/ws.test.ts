import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import type { Runtime } from '../lib/runtime';
import { boundSendBuffer, countKeepaliveDrops, WS_LIMITS } from './ws';

function fakeSocket(bufferedAmount: number) {
  const sent: unknown[] = [];
  const closed: Array<[number, string]> = [];
  const terminated: number[] = [];
  const socket = {
    bufferedAmount,
    send: (data: unknown) => void sent.push(data),
    close: (code: number, reason: string) => void closed.push([code, reason]),
    terminate: () => void terminated.push(1),
    once: () => {},
  };
  return { socket, sent, closed, terminated };
}

describe('WebSocket send buffers', () => {
  const slowClosed: number[] = [];
  const runtime = { metrics: { wsClosedSlow: { inc: () => slowClosed.push(1) } } } as unknown as Runtime;

  it('sends while the buffer is within bounds', () => {
    const { socket, sent, closed } = fakeSocket(WS_LIMITS.sendBufferBytes - 1);
    boundSendBuffer(socket as unknown as WebSocket, runtime);
    (socket as unknown as WebSocket).send('hello');
    assert.deepEqual(sent, ['hello']);
    assert.deepEqual(closed, []);
  });

  it('closes a consumer whose unsent bytes passed the bound (1013) instead of buffering more', () => {
    const { socket, sent, closed } = fakeSocket(WS_LIMITS.sendBufferBytes + 1);
    boundSendBuffer(socket as unknown as WebSocket, runtime);
    (socket as unknown as WebSocket).send('more');
    assert.deepEqual(sent, []);
    assert.deepEqual(closed, [[1013, 'Consumer too slow']]);
    assert.equal(slowClosed.length, 1);
  });

  it('closes and counts a cut-off consumer once, however many sends follow', () => {
    const before = slowClosed.length;
    const { socket, sent, closed } = fakeSocket(WS_LIMITS.sendBufferBytes + 1);
    boundSendBuffer(socket as unknown as WebSocket, runtime);
    for (let i = 0; i < 5; i++) (socket as unknown as WebSocket).send(`more ${i}`);
    socket.bufferedAmount = 0;
    (socket as unknown as WebSocket).send('after the backlog drained');
    assert.deepEqual(sent, []);
    assert.equal(closed.length, 1);
    assert.equal(slowClosed.length - before, 1);
  });

  it('fails the callback of a send it refuses, so the subscription waiting on it ends', async () => {
    const { socket } = fakeSocket(WS_LIMITS.sendBufferBytes + 1);
    boundSendBuffer(socket as unknown as WebSocket, runtime);
    const error = await new Promise<Error | undefined>((resolve) => (socket as unknown as WebSocket).send('more', (e) => resolve(e)));
    assert.match(String(error?.message), /cut off/);
  });

  it('destroys a cut-off socket whose close frame is still waiting behind its backlog after the grace', async () => {
    const { socket, terminated } = fakeSocket(WS_LIMITS.sendBufferBytes + 1);
    boundSendBuffer(socket as unknown as WebSocket, runtime);
    (socket as unknown as WebSocket).send('more');
    assert.deepEqual(terminated, []);
    await new Promise((r) => setTimeout(r, WS_LIMITS.cutOffGraceMs + 200));
    assert.deepEqual(terminated, [1]);
  });

  it('uses the configured bound', () => {
    const { socket, sent, closed } = fakeSocket(20_000);
    boundSendBuffer(socket as unknown as WebSocket, runtime, 16 * 1024);
    (socket as unknown as WebSocket).send('more');
    assert.deepEqual(sent, []);
    assert.equal(closed.length, 1);
  });
});

describe('WebSocket keepalive drops', () => {
  it('count a socket terminated while open (no pong: gone or not reading), not one already closing', () => {
    const drops: number[] = [];
    const runtime = { metrics: { wsClosedUnresponsive: { inc: () => drops.push(1) } } } as unknown as Runtime;
    const terminated: string[] = [];
    const socket = { OPEN: 1, readyState: 1, terminate: () => void terminated.push('open') };
    countKeepaliveDrops(socket as unknown as WebSocket, runtime);
    (socket as unknown as WebSocket).terminate();
    const closing = { OPEN: 1, readyState: 2, terminate: () => void terminated.push('closing') };
    countKeepaliveDrops(closing as unknown as WebSocket, runtime);
    (closing as unknown as WebSocket).terminate();
    assert.deepEqual(terminated, ['open', 'closing']);
    assert.equal(drops.length, 1);
  });
});
