import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import type { Runtime } from '../lib/runtime';
import { boundSendBuffer, countKeepaliveDrops, WS_LIMITS } from './ws';

function fakeSocket(bufferedAmount: number) {
  const sent: unknown[] = [];
  const closed: Array<[number, string]> = [];
  const socket = {
    bufferedAmount,
    send: (data: unknown) => void sent.push(data),
    close: (code: number, reason: string) => void closed.push([code, reason]),
  };
  return { socket, sent, closed };
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
