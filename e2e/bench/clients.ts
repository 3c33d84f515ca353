// A load process: opens `count` WebSocket clients to `url`, subscribes each (graphql-ws, or the
// bare baseline protocol), and reports every receipt's latency. Odds values double as ids: the
// driver sends {"mark": <odds>, "at": <ms>} to this process's stdin before each change.
import WebSocket from 'ws';
import { onStdinLines } from './stdin-lines';

const [, , url, countText, mode, eventIdList, token] = process.argv;
// Subscribers are spread round-robin over the events given (comma-separated).
const eventIds = (eventIdList ?? '').split(',');
const count = Number(countText);
const sentAt = new Map<string, number>();
const latencies: number[] = [];
let received = 0;
/** When the newest update arrived (epoch ms): deliveries/s is measured up to it. */
let lastAt = 0;
let open = 0;

onStdinLines((line) => {
  if (line === 'report') {
    process.stdout.write(`${JSON.stringify({ received, open, latencies, lastAt })}\n`);
    latencies.length = 0;
    received = 0;
  } else if (line) {
    const { mark, at } = JSON.parse(line);
    sentAt.set(mark, at);
  }
});

const ODDS = /"odds":"(\d+\.\d\d)"/;
function onMessage(data: WebSocket.RawData) {
  const text = data.toString();
  const match = ODDS.exec(text);
  if (!match) return;
  received += 1;
  lastAt = Date.now();
  const at = sentAt.get(match[1]);
  if (at !== undefined) latencies.push(Date.now() - at);
}

// Connections open through a window of HANDSHAKES at a time (as a crowd arriving, not one burst
// that outruns graphql-ws's 10 s connection_init timeout); one that fails before it is ready is
// opened again.
const HANDSHAKES = 200;
let next = 0;
function connect(i: number) {
  const eventId = eventIds[i % eventIds.length];
  const socket = new WebSocket(url, mode === 'graphql' ? 'graphql-transport-ws' : undefined, { perMessageDeflate: false });
  let ready = false;
  const becameReady = () => {
    if (ready) return;
    ready = true;
    if (next < count) connect(next++);
  };
  socket.on('open', () => {
    open += 1;
    if (mode === 'graphql') {
      socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
    } else becameReady();
  });
  socket.on('message', (data) => {
    if (mode === 'graphql') {
      const text = data.toString();
      if (text.startsWith('{"type":"connection_ack"')) {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id status selections { id odds previousOdds } } } }`, variables: { id: eventId } } }));
        becameReady();
        return;
      }
      if (text.startsWith('{"type":"ping"')) return void socket.send('{"type":"pong"}');
    }
    onMessage(data);
  });
  socket.on('error', () => {});
  socket.on('close', (code) => {
    open -= 1;
    if (!ready) {
      process.stderr.write(`connection ${i} closed before it was ready (${code}); opening it again\n`);
      setTimeout(() => connect(i), 100);
    }
  });
}
for (; next < Math.min(HANDSHAKES, count); ) connect(next++);
