/**
 * Where to go after signing in: the `next` parameter when it is a path on this site, otherwise
 * `fallback`. Anything else ("https://evil.example", "//evil.example", "/\\evil.example") would
 * make the sign-in page an open redirect.
 */
export function safeNext(next: string | string[] | undefined, fallback: string): string {
  if (typeof next !== 'string' || next.length > 512) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f]/.test(next)) return fallback;
  return next;
}
