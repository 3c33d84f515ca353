'use client';

import Link from 'next/link';
import styles from './toasts.module.css';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/** How long a toast stays up unless the reader closes it first. */
const TOAST_MS = 7000;
/** More than this many at once and the oldest go first. */
const MAX_TOASTS = 4;

export type ToastKind = 'success' | 'info' | 'error';

export interface ToastInput {
  kind: ToastKind;
  title: string;
  body?: string;
  /** A link shown in the toast, e.g. to the bet ticket. */
  href?: string;
  linkText?: string;
  /** What tests and styles key on, e.g. "bet-accepted". */
  tag?: string;
}

interface Toast extends ToastInput {
  id: number;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/** Holds the toasts of the tab and shows them in one polite live region. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);

  const show = useCallback((toast: ToastInput) => {
    const id = ++seq.current;
    setToasts((current) => [...current, { ...toast, id }].slice(-MAX_TOASTS));
  }, []);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className={styles.region} role="region" aria-label="Notifications">
        <ol className={styles.list} aria-live="polite">
          {toasts.map((toast) => (
            <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </ol>
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [paused, toast.id, onDismiss]);

  return (
    <li
      className={`${styles.toast} ${styles[toast.kind] ?? ''}`}
      data-testid="toast"
      data-kind={toast.kind}
      data-tag={toast.tag}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <div className={styles.text}>
        <p className={styles.title}>{toast.title}</p>
        {toast.body && <p className={styles.body}>{toast.body}</p>}
      </div>
      {toast.href && (
        <Link href={toast.href} className={styles.link} data-testid="toast-link" onClick={() => onDismiss(toast.id)}>
          {toast.linkText ?? 'View'}
        </Link>
      )}
      <button type="button" className={styles.close} aria-label="Dismiss notification" onClick={() => onDismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

/** Shows a toast. */
export function useToast(): (toast: ToastInput) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>.');
  return show;
}
