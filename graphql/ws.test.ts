import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import type { Runtime } from '../lib/runtime';
import { boundSendBuffer, WS_LIMITS } from './ws';

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
