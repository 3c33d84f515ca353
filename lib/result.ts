/** An expected outcome: a value, or a rejection with a code from a closed list and a sentence. */
export type Result<T, Code extends string = string> =
  | { ok: true; value: T }
  | { ok: false; code: Code; message: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const reject = <Code extends string>(code: Code, message: string): { ok: false; code: Code; message: string } => ({
  ok: false,
  code,
  message,
});
