// A load process for the idle-capacity bench: opens `count` graphql-ws connections, each signed in
// (connection_init with a bearer token) and holding two subscriptions: oddsChanged on one event and
// betUpdated with the web app's own selection set. Then it idles (answering pings) until told.
// Config: a JSON file (argv[2]) { url, count, offset, events, tokens, concurrency, subscriptions? }. Connection
// i (counting from offset) uses events[i % events.length] and tokens[i % tokens.length].
// Commands on stdin, each answered by one JSON line: `report`, `close`.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { print } from 'graphql';
import { BetUpdatedDocument } from '../../app/_bets/operations';
import { onStdinLines } from './stdin-lines';

interface Config {
  url: string;
  count: number;
  offset: number;
  events: string[];
  tokens: string[];
  /** Handshakes in flight at once (opening 5,000 at one instant would overflow the accept backlog). */
  concurrency: number;
  /** Which subscriptions each connection holds: 'odds', 'bets' (both by default; none to measure a bare connection). */
  subscriptions?: string[];
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config;

const ODDS_CHANGED = `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id status selections { id odds previousOdds } } } }`;
// The browser's own betUpdated document (app/_bets/operations.ts, generated with its fragments).
const BET_UPDATED = print(BetUpdatedDocument);

const wanted = config.subscriptions ?? ['odds', 'bets'];
const sockets: WebSocket[] = [];
let opened = 0;
let acked = 0;
let subscribed = 0;
let messages = 0;
let errors = 0;
const errorSamples: string[] = [];
const closes: Record<string, number> = {};
let failedToOpen = 0;
let started = 0;
let inFlight = 0;

function openNext() {
  while (inFlight < config.concurrency && started < config.count) {
    const i = config.offset + started++;
    inFlight += 1;
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      inFlight -= 1;
      setImmediate(openNext);
    };
    const socket = new WebSocket(config.url, 'graphql-transport-ws', { perMessageDeflate: false });
    sockets.push(socket);
    socket.on('open', () => {
      opened += 1;
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${config.tokens[i % config.tokens.length]}` } }));
    });
    socket.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"connection_ack"')) {
        acked += 1;
        if (wanted.includes('odds')) socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: ODDS_CHANGED, variables: { id: config.events[i % config.events.length] } } }));
        if (wanted.includes('bets')) socket.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: BET_UPDATED, variables: {}, operationName: 'BetUpdated' } }));
        subscribed += 1;
        done();
        return;
      }
      if (text.startsWith('{"type":"ping"')) return void socket.send('{"type":"pong"}');
      if (text.includes('"type":"error"') || text.includes('"type":"complete"')) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(text.slice(0, 300));
        return;
      }
      messages += 1;
    });
    socket.on('error', () => {
      if (!settled) failedToOpen += 1;
      done();
    });
    socket.on('close', (code) => {
      closes[code] = (closes[code] ?? 0) + 1;
      done();
    });
  }
}

onStdinLines((line) => {
  if (line === 'report') {
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    process.stdout.write(`${JSON.stringify({ started, opened, acked, subscribed, open, messages, errors, errorSamples, closes, failedToOpen })}\n`);
  } else if (line === 'close') {
    for (const socket of sockets) socket.close(1000);
    process.stdout.write(`${JSON.stringify({ closing: sockets.length })}\n`);
  }
});

openNext();
