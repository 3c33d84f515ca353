'use client';

import { useEffect, useId, useRef, useState } from 'react';
import styles from './developers.module.css';

/**
 * A secret the server shows exactly once (a new API key, a webhook's signing secret): highlighted,
 * wrapped inside its box however long it is, with a Copy button and a warning that it will not be
 * shown again. It lives only in this component's state: reloading or leaving the page drops it.
 */
export function SecretOnce({
  title,
  value,
  warning,
  testId,
  onDone,
}: {
  title: string;
  value: string;
  warning: string;
  /** data-testid of the box; the value is `<testId>-value`, the buttons `<testId>-copy` and `<testId>-done`. */
  testId: string;
  onDone(): void;
}) {
  const ids = useId();
  const box = useRef<HTMLDivElement>(null);
  const valueRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'selected'>('idle');

  useEffect(() => {
    // Bring the one chance to copy into view and let screen readers announce it.
    box.current?.focus({ preventScroll: true });
    box.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [value]);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      // No clipboard access (plain http, an old browser): select it so the reader can copy it.
      const selection = window.getSelection();
      if (selection && valueRef.current) selection.selectAllChildren(valueRef.current);
      setCopied('selected');
    }
  }

  return (
    <div ref={box} className={styles.secret} role="region" aria-labelledby={`${ids}-title`} tabIndex={-1} data-testid={testId}>
      <h3 id={`${ids}-title`} className={styles.secretTitle}>
        {title}
      </h3>
      <p className={styles.secretWarning} data-testid={`${testId}-warning`}>
        <strong>Copy it now: you won’t see it again.</strong> {warning}
      </p>
      <code ref={valueRef} className={styles.secretValue} data-testid={`${testId}-value`}>
        {value}
      </code>
      <div className={styles.actions}>
        <button type="button" className="button" onClick={copy} data-testid={`${testId}-copy`}>
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone} data-testid={`${testId}-done`}>
          I’ve stored it
        </button>
      </div>
      <p className={styles.secretStatus} role="status">
        {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'selected' ? 'Selected: copy it with your keyboard or the context menu.' : ''}
      </p>
    </div>
  );
}
