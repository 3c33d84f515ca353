import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Shared text frames: one message's bytes encoded once and written to every subscriber's socket
 * without copying. Each subscriber adds only its frame header and the start of its graphql-ws
 * `next` message (`{"id":"…","type":"next","payload":`), built once when it subscribes.
 */

/** The JSON of a shared `next` payload followed by the `}` that closes each subscriber's message. */
export function sharedPayload(payloadJson: string): Buffer {
  return Buffer.from(`${payloadJson}}`);
}

/** The start of a graphql-ws `next` message for one subscription, up to its payload. */
export function nextMessagePrefix(id: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
}

/** ws's internals this relies on: the raw socket, and the sender's queue (used only while compressing or reading a Blob). */
interface WsInternals {
  _socket?: Socket;
  _sender?: { _state?: number; _queue?: unknown[] };
}

/**
 * Sends prefix + payload as one unmasked text frame (RFC 6455 section 5.2). When ws could have
 * frames of its own waiting (compression negotiated, or a queued send), the message goes through
 * `socket.send` instead, so frames are never reordered.
 */
export function sendTextFrame(socket: WebSocket, prefix: Buffer, payload: Buffer): void {
  const { _socket: raw, _sender: sender } = socket as unknown as WsInternals;
  const direct = raw && sender && sender._state === 0 && sender._queue?.length === 0 && socket.extensions === '';
  if (!direct) {
    socket.send(Buffer.concat([prefix, payload]), { binary: false });
    return;
  }
  const length = prefix.length + payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const head = Buffer.allocUnsafe(headerLength + prefix.length);
  head[0] = 0x81; // FIN, text
  if (headerLength === 2) head[1] = length;
  else if (headerLength === 4) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  prefix.copy(head, headerLength);
  raw.cork();
  raw.write(head);
  raw.write(payload);
  raw.uncork();
}
