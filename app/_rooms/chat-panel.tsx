'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useViewer } from '../_account/viewer-context';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { ClockTime } from './clock-time';
import { SendChatMessageDocument, type ChatMessageNode } from './operations';
import styles from './rooms.module.css';

/** The server's limit, in characters after trimming. */
export const CHAT_MAX_CHARS = 280;
/** From here on the counter warns that the limit is near. */
const CHAT_WARN_CHARS = 260;
/** Within this distance of the bottom the log keeps following new messages. */
const STICK_TO_BOTTOM_PX = 80;

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** Characters as the server counts them: code points of the trimmed text. */
export function chatLength(text: string): number {
  return [...text.trim()].length;
}

/**
 * The room's chat: the last messages (oldest first) and, for a signed-in viewer, a message field
 * with a character counter. Messages are plain text and rendered as text: `<b>` shows as typed.
 */
export function ChatPanel({
  eventId,
  messages,
  loaded,
  visible,
  onSent,
}: {
  eventId: string;
  messages: readonly ChatMessageNode[];
  loaded: boolean;
  /** The tab is showing: the log scrolls to the newest message when it becomes visible. */
  visible: boolean;
  onSent: (message: ChatMessageNode) => void;
}) {
  const client = useApolloClient();
  const { viewer } = useViewer();
  const ids = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const stuck = useRef(true);

  // Follow new messages while the reader is at the bottom; leave them alone when they scrolled up
  // to read older ones.
  useLayoutEffect(() => {
    const node = log.current;
    if (node && visible && stuck.current) node.scrollTop = node.scrollHeight;
  }, [messages, visible]);

  const length = chatLength(text);
  const tooLong = length > CHAT_MAX_CHARS;
  const canSend = length > 0 && !tooLong && !busy;

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (length === 0) {
      setError('Write something first.');
      return;
    }
    if (tooLong) {
      setError(`A message is at most ${CHAT_MAX_CHARS} characters.`);
      return;
    }
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { data } = await client.mutate({ mutation: SendChatMessageDocument, variables: { eventId, text } });
      const result = data?.sendChatMessage;
      if (!result) throw new Error('sendChatMessage answered nothing');
      if (result.__typename === 'ChatMessage') {
        stuck.current = true;
        onSent(result);
        setText('');
      } else {
        setError(result.message);
      }
    } catch (caught) {
      setError(graphqlErrorCode(caught) === 'UNAUTHENTICATED' ? 'Your session has ended. Sign in again to chat.' : NETWORK_ERROR);
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  return (
    <section className={`${styles.roomCard} chat`} aria-labelledby={`${ids}-title`} data-testid="chat">
      <header className={styles.roomCardHead}>
        <h2 id={`${ids}-title`} className={styles.roomCardTitle}>
          Chat
        </h2>
        <span className={styles.roomCardNote}>Be kind · 5 messages per 10 s</span>
      </header>
      <div
        ref={log}
        className={styles.chatLog}
        role="log"
        aria-label="Messages"
        tabIndex={0}
        data-testid="chat-log"
        onScroll={(e) => {
          const node = e.currentTarget;
          stuck.current = node.scrollHeight - node.scrollTop - node.clientHeight < STICK_TO_BOTTOM_PX;
        }}
      >
        {!loaded ? (
          <p className={styles.roomEmpty}>Loading messages…</p>
        ) : messages.length === 0 ? (
          <p className={styles.roomEmpty} data-testid="chat-empty">
            No messages yet. Say hello.
          </p>
        ) : (
          <ol className={styles.chatList}>
            {messages.map((message) => {
              const own = viewer !== null && message.author === viewer.username;
              return (
                <li key={message.id} className={styles.chatMessage} data-own={own ? 'true' : undefined} data-testid="chat-message" data-message-id={message.id}>
                  <p className={styles.chatMeta}>
                    <span className={styles.chatAuthor} data-testid="chat-author">
                      {own ? 'You' : message.author}
                    </span>
                    <ClockTime iso={message.at} className={styles.chatTime} />
                  </p>
                  {/* Plain text: React escapes it, so markup shows as typed. */}
                  <p className={styles.chatText} data-testid="chat-text">
                    {message.text}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </div>

      {viewer ? (
        <form className={styles.chatForm} onSubmit={(e) => void send(e)} noValidate data-testid="chat-form">
          <label htmlFor={`${ids}-input`} className="sr-only">
            Message
          </label>
          <div className={styles.chatRow}>
            <input
              ref={input}
              id={`${ids}-input`}
              className={`input ${styles.chatInput}`}
              type="text"
              autoComplete="off"
              enterKeyHint="send"
              placeholder="Message the room"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              aria-invalid={tooLong}
              aria-describedby={`${ids}-count${error ? ` ${ids}-error` : ''}`}
              data-testid="chat-input"
            />
            <button type="submit" className={`button ${styles.chatSend}`} disabled={!canSend} data-testid="chat-send">
              {busy ? 'Sending…' : 'Send'}
            </button>
          </div>
          <p
            id={`${ids}-count`}
            className={styles.chatCount}
            data-state={tooLong ? 'over' : length >= CHAT_WARN_CHARS ? 'near' : undefined}
            data-testid="chat-count"
            aria-live={length >= CHAT_WARN_CHARS ? 'polite' : 'off'}
          >
            {length}/{CHAT_MAX_CHARS}
            {tooLong && ` · ${length - CHAT_MAX_CHARS} too many`}
          </p>
          {error && (
            <p id={`${ids}-error`} className="form-error" role="alert" data-testid="chat-error">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p className={styles.roomSignin} data-testid="chat-signin">
          <Link href={`/sign-in?next=${encodeURIComponent(`/events/${eventId}?tab=chat`)}`} className="button button-secondary">
            Sign in to chat
          </Link>
        </p>
      )}
    </section>
  );
}
