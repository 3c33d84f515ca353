import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chatMessages, users } from '../../db/schema';
import type { PubSub } from '../live/pubsub';
import type { RateLimiter } from '../live/rate-limit';
import { publishBestEffort } from '../markets/publish-markets';
import { getEvent } from '../markets/read-markets';
import type { ChatView } from './read-rooms';
import { isId } from '../ids';

export const CHAT_MAX_LENGTH = 280;
export const CHAT_RATE = { messages: 5, windowMs: 10_000 } as const;

/**
 * Cleans a chat message: control and invisible formatting characters removed (newlines become
 * spaces), then trimmed. The text is stored and sent as text; clients render it as text, never HTML.
 */
export function cleanChatText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '')
    .trim();
}

/**
 * Sends a message to an event's room. Codes in order: INVALID_INPUT (1 to 280 characters after
 * cleaning), NOT_FOUND (unknown event), RATE_LIMITED (5 messages per 10 seconds per user).
 */
export async function sendChatMessage(
  deps: { db: Db; pubsub: PubSub; limits: RateLimiter },
  userId: string,
  eventId: string,
  text: string,
): Promise<{ ok: true; value: ChatView } | { ok: false; code: 'INVALID_INPUT' | 'NOT_FOUND' | 'RATE_LIMITED'; message: string; retryAfterMs?: number }> {
  // Look at no more than a bounded prefix: a 10 MB message is refused without scanning it all.
  const cleaned = cleanChatText(text.length > 4 * CHAT_MAX_LENGTH ? text.slice(0, 4 * CHAT_MAX_LENGTH + 1) : text);
  if (cleaned.length === 0) return { ok: false, code: 'INVALID_INPUT', message: 'A message cannot be empty.' };
  if ([...cleaned].length > CHAT_MAX_LENGTH) return { ok: false, code: 'INVALID_INPUT', message: `A message is at most ${CHAT_MAX_LENGTH} characters.` };
  if (!isId(eventId) || !(await getEvent(deps.db, eventId))) return { ok: false, code: 'NOT_FOUND', message: 'No event has that id.' };
  // Counted and decided in one step: each message gets its own place in the window.
  const window = await deps.limits.hit(`chat:${userId}`, CHAT_RATE.windowMs);
  if (window.count > CHAT_RATE.messages) {
    const message = `Slow down: at most ${CHAT_RATE.messages} messages every ${CHAT_RATE.windowMs / 1000} seconds.`;
    return { ok: false, code: 'RATE_LIMITED', message, retryAfterMs: window.resetInMs };
  }
  const [row] = await deps.db.insert(chatMessages).values({ eventId, userId, text: cleaned }).returning();
  const [author] = await deps.db.select({ username: users.username }).from(users).where(eq(users.id, userId));
  const message: ChatView = { id: row.id, eventId, author: author.username, text: row.text, at: row.createdAt };
  await publishBestEffort(() =>
    deps.pubsub.publish('activity', eventId, { type: 'CHAT', id: message.id, author: message.author, text: message.text, at: message.at.toISOString() }),
  );
  return { ok: true, value: message };
}
