// Serves the production build (`npx next build` first) on a fresh database with the Lighthouse
// bench's fixtures (feed off, a live event, a bettor with a bet), prints the URLs and the session
// cookie, and keeps running until interrupted: for looking at a page by hand while measuring.
//
// Run: npx tsx e2e/bench/serve-fixture.ts
import { SESSION_COOKIE } from '../support/browser';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../support/server';
import { createTestDatabase } from '../support/services';

const database = await createTestDatabase();
const server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off' } });
const trader = await traderToken(server.url);
const event = await createLiveEvent(server.url, trader, 'Lighthouse Rovers', 'Benchmark City');
const bettor = await signUpBettor(server.url, { deposit: '50.00', prefix: 'fx' });
const placed = await gql(
  server.url,
  `mutation($input: PlaceBetInput!) { placeBet(input: $input) { ... on BetPlaced { bet { id } } } }`,
  { input: { legs: [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], stake: '5.00', idempotencyKey: 'fixture' } },
  bettor.token,
);
console.log(JSON.stringify({ lobby: `${server.url}/`, event: `${server.url}/events/${event.id}`, ticket: `${server.url}/bets/${placed.data.placeBet.bet.id}`, wallet: `${server.url}/wallet`, cookie: `${SESSION_COOKIE}=${bettor.token}` }));
const stop = async () => {
  await server.close();
  await database.drop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
