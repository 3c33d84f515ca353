import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import postgres from 'postgres';
import { useTestRuntime } from '../../e2e/support/runtime';
import { signUp } from '../auth/accounts';
import { createOutboxRelay } from './outbox';
import type { PubSub } from './pubsub';

// The relay's pass is one statement that takes the relay lock and marks rows sent, committed only
// once every message was handed to the transport: a failed publish leaves the rows to the next pass.

const test = useTestRuntime();

/** A transport that records what it is handed, and refuses while `failing`. */
function recordingPubSub(): { pubsub: PubSub; sent: Array<{ userId: string; cursor: string }>; failing: boolean } {
  const state = {
    sent: [] as Array<{ userId: string; cursor: string }>,
    failing: false,
    pubsub: {
      publish: async (_kind: string, id: string, payload: { cursor: string }) => {
        if (state.failing) throw new Error('transport down');
        state.sent.push({ userId: id, cursor: payload.cursor });
      },
    } as unknown as PubSub,
  };
  return state;
}

describe('outbox relay', () => {
  it('publishes unsent rows in id order once, and leaves them unsent when the transport refused them', async () => {
    const user = await signUp(test.runtime.db, `relay_${randomUUID().slice(0, 8)}`, 'password123');
    assert.ok(user.ok);
    const sql = postgres(test.runtime.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    // The runtime's own relay would publish these rows too: it is stopped first.
    await test.runtime.relay.stop();
    try {
      const inserted = await sql`insert into outbox (user_id, topic, payload)
        select ${user.value.id}, 'bets', jsonb_build_object('kind', 'PLACED', 'betId', gen_random_uuid()) from generate_series(1, 5)
        returning id`;
      const ids = inserted.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));
      const transport = recordingPubSub();
      const relay = createOutboxRelay({ db: test.runtime.db, pubsub: transport.pubsub });

      transport.failing = true;
      assert.equal(await relay.flush(), 0, 'a pass whose publish failed counts nothing');
      const [unsent] = await sql`select count(*)::int as n from outbox where id = any(${ids}::bigint[]) and published_at is null`;
      assert.equal(unsent.n, 5, 'rows the transport refused stay unsent');

      transport.failing = false;
      assert.ok((await relay.flush()) >= 5);
      const mine = transport.sent.filter((m) => m.userId === user.value.id).map((m) => m.cursor);
      assert.deepEqual(mine, ids, 'each row once, in id order');
      const [left] = await sql`select count(*)::int as n from outbox where id = any(${ids}::bigint[]) and published_at is null`;
      assert.equal(left.n, 0);
      assert.equal(await relay.flush(), 0, 'nothing is sent twice');
      await relay.stop();
    } finally {
      await sql.end();
    }
  });
});
