// A load process for the slow-consumer bench: opens `count` graphql-ws clients subscribed to
// oddsChanged on one event (the same operation as clients.ts), of which the last `slow` stop
// reading on `pause` (ws pause(): the socket is no longer read, so the kernel buffers fill and the
// server has to hold or drop what it sends) and read again on `resume`. Latencies are the
// healthy clients' only; odds values double as ids, as in clients.ts: the driver sends
// {"mark": <odds>, "at": <ms>} before each change. Commands (each answered by one JSON line):
// `pause`, `resume`, `report` (and resets the latencies), `slow` (how the slow sockets fared).
// An optional fifth argument gives each slow client that many subscriptions (ids 1, 2, …).
import WebSocket from 'ws';
import { onStdinLines } from './stdin-lines';

const [, , url, countText, slowText, eventId, slowSubscriptionsText = '1'] = process.argv;
const slowSubscriptions = Number(slowSubscriptionsText);
const count = Number(countText);
const slowCount = Number(slowText);
const QUERY = `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id status selections { id odds previousOdds } } } }`;

interface Client {
  socket: WebSocket;
  slow: boolean;
  subscribed: boolean;
  closeCode?: number;
  closedAt?: number;
  received: number;
  bytes: number;
  errors: number;
}

const clients: Client[] = [];
const sentAt = new Map<string, number>();
let latencies: number[] = [];
let received = 0;
let bytes = 0;
let pausedAt = 0;
let resumedAt = 0;

const ODDS = /"odds":"(\d+\.\d\d)"/;

for (let i = 0; i < count; i++) {
  const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
  const client: Client = { socket, slow: i >= count - slowCount, subscribed: false, received: 0, bytes: 0, errors: 0 };
  clients.push(client);
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
  socket.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.startsWith('{"type":"connection_ack"')) {
      for (let id = 1; id <= (client.slow ? slowSubscriptions : 1); id++) socket.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: QUERY, variables: { id: eventId } } }));
      client.subscribed = true;
      return;
    }
    if (text.startsWith('{"type":"ping"')) return void socket.send('{"type":"pong"}');
    if (text.includes('"type":"error"')) {
      client.errors += 1;
      return;
    }
    client.received += 1;
    client.bytes += data.length;
    if (client.slow) return;
    const match = ODDS.exec(text);
    if (!match) return;
    received += 1;
    bytes += data.length;
    const at = sentAt.get(match[1]);
    if (at !== undefined) latencies.push(Date.now() - at);
  });
  socket.on('error', () => {});
  socket.on('close', (code) => {
    client.closeCode = code;
    client.closedAt = Date.now();
  });
}

function slowReport() {
  const slow = clients.filter((c) => c.slow);
  const closes: Record<string, number> = {};
  for (const c of slow) if (c.closeCode !== undefined) closes[c.closeCode] = (closes[c.closeCode] ?? 0) + 1;
  return {
    slow: slow.length,
    open: slow.filter((c) => c.socket.readyState === WebSocket.OPEN).length,
    closes,
    errors: slow.reduce((s, c) => s + c.errors, 0),
    received: slow.reduce((s, c) => s + c.received, 0),
    bytes: slow.reduce((s, c) => s + c.bytes, 0),
    pausedAt,
    resumedAt,
  };
}

onStdinLines((line) => {
  if (line === 'report') {
    const healthy = clients.filter((c) => !c.slow);
    const answer = {
      received,
      bytes,
      latencies,
      healthy: healthy.length,
      open: healthy.filter((c) => c.socket.readyState === WebSocket.OPEN).length,
      subscribed: clients.filter((c) => c.subscribed).length,
      healthyCloses: healthy.filter((c) => c.closeCode !== undefined).length,
    };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    latencies = [];
    received = 0;
    bytes = 0;
  } else if (line === 'pause') {
    pausedAt = Date.now();
    for (const c of clients) if (c.slow) c.socket.pause();
    process.stdout.write(`${JSON.stringify({ paused: clients.filter((c) => c.slow && c.socket.isPaused).length })}\n`);
  } else if (line === 'resume') {
    resumedAt = Date.now();
    for (const c of clients) if (c.slow) c.socket.resume();
    process.stdout.write(`${JSON.stringify({ resumed: true })}\n`);
  } else if (line === 'slow') {
    process.stdout.write(`${JSON.stringify(slowReport())}\n`);
  } else if (line) {
    const { mark, at } = JSON.parse(line);
    sentAt.set(mark, at);
  }
});
