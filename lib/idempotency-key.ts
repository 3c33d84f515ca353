/** The longest idempotency key accepted (deposits, bets). */
export const IDEMPOTENCY_KEY_MAX = 100;

/** Checks an idempotency key's shape: 1 to 100 printable characters. */
export function idempotencyKeyProblem(key: string): string | null {
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX || /[\u0000-\u001f\u007f]/.test(key)) {
    return `An idempotency key is 1 to ${IDEMPOTENCY_KEY_MAX} printable characters.`;
  }
  return null;
}
