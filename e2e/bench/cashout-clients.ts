// A load process for the cashout fan-out benchmark: one graphql-ws socket per owner token, each
// subscribed to `cashoutOffered` for all of the owner's open bets (the web app's selection set).
// It keeps the latest offer per bet. Protocol on stdin, one JSON line each, answers on stdout:
//   {"tokens": [...]}              open one socket per token
//   {"status": true}               -> {open, ready, offers, errors}: ready = owners with an offer for `betsPerOwner` bets
//   {"mark": <ms>, "expect": n}    an odds change at <ms>: an owner is fresh once n of its bets got an
//                                  offer whose amount differs from the one it held at the mark
//   {"report": true}               -> {fresh: per-owner ms, stale, freshOffers, unrelated, sample}
import WebSocket from 'ws';
import { onStdinLines } from './stdin-lines';

const [, , url, betsPerOwnerText] = process.argv;
const betsPerOwner = Number(betsPerOwnerText);
const QUERY = `subscription { cashoutOffered { id amount percent expiresAt bet { id } } }`;

interface Owner {
  token: string;
  offers: Map<string, { id: string; amount: string }>;
  /** Amounts per bet at the mark. */
  before: Map<string, string> | null;
  freshBets: Set<string>;
  doneMs: number | null;
}

const owners: Owner[] = [];
let open = 0;
let offers = 0;
let errors = 0;
let lastError = '';
let markAt = 0;
let expect = 0;
let freshOffers = 0;
let unrelated = 0;

function connect(owner: Owner) {
  const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
  socket.on('open', () => {
    open += 1;
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${owner.token}` } }));
  });
  socket.on('message', (data) => {
    const text = data.toString();
    if (text.startsWith('{"type":"ping"')) return void socket.send('{"type":"pong"}');
    const message = JSON.parse(text);
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
      return;
    }
    if (message.type === 'error' || message.payload?.errors) {
      errors += 1;
      lastError = text.slice(0, 300);
      return;
    }
    const offer = message.payload?.data?.cashoutOffered;
    if (message.type !== 'next' || !offer) return;
    offers += 1;
    const now = Date.now();
    owner.offers.set(offer.bet.id, { id: offer.id, amount: offer.amount });
    if (!owner.before) return;
    const previous = owner.before.get(offer.bet.id);
    if (previous === undefined || previous === offer.amount) {
      unrelated += 1;
      return;
    }
    freshOffers += 1;
    owner.freshBets.add(offer.bet.id);
    if (owner.doneMs === null && owner.freshBets.size >= expect) owner.doneMs = now - markAt;
  });
  socket.on('error', () => {});
  socket.on('close', (code) => {
    open -= 1;
    if (code !== 1000) {
      errors += 1;
      lastError = `closed ${code}`;
    }
  });
}

function answer(value: unknown) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function handle(command: Record<string, any>) {
  if (command.tokens) {
    for (const token of command.tokens as string[]) {
      const owner: Owner = { token, offers: new Map(), before: null, freshBets: new Set(), doneMs: null };
      owners.push(owner);
      connect(owner);
    }
  } else if (command.status) {
    answer({ open, ready: owners.filter((o) => o.offers.size >= betsPerOwner).length, offers, errors, lastError });
  } else if (command.mark !== undefined) {
    markAt = command.mark;
    expect = command.expect;
    freshOffers = 0;
    unrelated = 0;
    for (const owner of owners) {
      owner.before = new Map([...owner.offers].map(([betId, o]) => [betId, o.amount]));
      owner.freshBets = new Set();
      owner.doneMs = null;
    }
  } else if (command.report) {
    const done = owners.filter((o) => o.doneMs !== null);
    // One fresh offer per owner that has one, so the driver can check an offer is acceptable.
    const sampleOwner = done[0];
    const sampleBet = sampleOwner && [...sampleOwner.freshBets][0];
    answer({
      fresh: done.map((o) => o.doneMs),
      stale: owners.length - done.length,
      freshOffers,
      unrelated,
      errors,
      lastError,
      sample: sampleOwner ? { token: sampleOwner.token, betId: sampleBet, ...sampleOwner.offers.get(sampleBet) } : null,
    });
  }
}

onStdinLines((line) => {
  if (line) handle(JSON.parse(line));
});
