/**
 * A fresh key for one attempt of a mutation the server de-duplicates (deposit, placeBet). Retrying
 * the same submission after a network failure re-uses its key; anything the user does anew gets a
 * new one. crypto.randomUUID exists only in secure contexts, so plain-http hosts get a v4 UUID
 * built from getRandomValues, which is available everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Remembers the key of the last attempt together with what it sent, so that a retry of the very
 * same payload after a network failure re-uses the key (the server then answers with the first
 * result instead of acting twice), while a changed payload gets a new key.
 */
export class IdempotentAttempt {
  private last: { key: string; payload: string } | null = null;

  /** The key to send with `payload`. */
  keyFor(payload: string): string {
    if (this.last?.payload !== payload) this.last = { key: newIdempotencyKey(), payload };
    return this.last.key;
  }

  /** The server answered (with any result): the next attempt is a new one. */
  settled(): void {
    this.last = null;
  }
}
