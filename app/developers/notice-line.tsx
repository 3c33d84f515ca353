import type { Notice } from './feedback';

/** One form's or list's outcome: a status line on success, an alert on failure. */
export function NoticeLine({ notice, testId }: { notice: Notice | null; testId: string }) {
  if (!notice) return null;
  return (
    <p className={notice.kind === 'success' ? 'form-success' : 'form-error'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {notice.text}
    </p>
  );
}
