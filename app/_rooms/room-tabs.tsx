'use client';

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ROOM_TAB_LABELS, ROOM_TABS, type RoomTab } from './room-tab-ids';
import styles from './rooms.module.css';

/** How much of the next tab shows beside one scrolled into view, hinting that the bar scrolls. */
const TAB_SCROLL_MARGIN_PX = 24;

/** The ids that tie each tab to its panel. */
export function tabId(baseId: string, tab: RoomTab): string {
  return `${baseId}-tab-${tab}`;
}

export function panelId(baseId: string, tab: RoomTab): string {
  return `${baseId}-panel-${tab}`;
}

/**
 * The room's tab bar: an ARIA tablist with one tab stop (arrow keys, Home and End move between
 * tabs and select them). On a phone it scrolls sideways and keeps the selected tab in view; while
 * tabs are hidden to the right, a "More ›" hint over the right edge says so and scrolls to the end.
 */
export function RoomTabs({
  baseId,
  selected,
  onSelect,
  badges,
}: {
  baseId: string;
  selected: RoomTab;
  onSelect: (tab: RoomTab) => void;
  /** Small counts after a tab's name (unread messages, open challenges, people in the room). */
  badges: Partial<Record<RoomTab, { text: string; label: string; attention?: boolean }>>;
}) {
  const refs = useRef(new Map<RoomTab, HTMLButtonElement>());
  const listRef = useRef<HTMLDivElement>(null);
  // The first tab not wholly in view at the right edge, or null when every tab shows.
  const [hidden, setHidden] = useState<RoomTab | null>(null);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => {
      const right = list.getBoundingClientRect().right;
      const first = ROOM_TABS.find((tab) => {
        const box = refs.current.get(tab)?.getBoundingClientRect();
        return box !== undefined && box.right > right + 1;
      });
      setHidden(first ?? null);
    };
    measure();
    list.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => {
      list.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, []);

  // Sideways only: scrollIntoView would also scroll the page to the tab bar.
  useEffect(() => {
    const tab = refs.current.get(selected);
    const list = tab?.parentElement;
    if (!tab || !list) return;
    const bar = list.getBoundingClientRect();
    const box = tab.getBoundingClientRect();
    if (box.left < bar.left) list.scrollLeft -= bar.left - box.left + TAB_SCROLL_MARGIN_PX;
    else if (box.right > bar.right) list.scrollLeft += box.right - bar.right + TAB_SCROLL_MARGIN_PX;
  }, [selected]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = ROOM_TABS.indexOf(selected);
    const next =
      event.key === 'ArrowRight'
        ? ROOM_TABS[(index + 1) % ROOM_TABS.length]
        : event.key === 'ArrowLeft'
          ? ROOM_TABS[(index - 1 + ROOM_TABS.length) % ROOM_TABS.length]
          : event.key === 'Home'
            ? ROOM_TABS[0]
            : event.key === 'End'
              ? ROOM_TABS[ROOM_TABS.length - 1]
              : null;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  }

  return (
    <div className={styles.roomTabsBar}>
    <div ref={listRef} className={styles.roomTabs} role="tablist" aria-label="Event room" data-testid="room-tabs" onKeyDown={onKeyDown}>
      {ROOM_TABS.map((tab) => {
        const badge = badges[tab];
        const isSelected = tab === selected;
        return (
          <button
            key={tab}
            ref={(node) => {
              if (node) refs.current.set(tab, node);
              else refs.current.delete(tab);
            }}
            type="button"
            role="tab"
            id={tabId(baseId, tab)}
            className={styles.roomTab}
            aria-selected={isSelected}
            aria-controls={panelId(baseId, tab)}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab)}
            data-testid={`room-tab-${tab}`}
          >
            {ROOM_TAB_LABELS[tab]}
            {badge && (
              <span className={styles.roomTabBadge} data-attention={badge.attention ? 'true' : undefined} data-testid={`room-tab-${tab}-badge`}>
                <span aria-hidden="true">{badge.text}</span>
                <span className="sr-only">{badge.label}</span>
              </span>
            )}
          </button>
        );
      })}
    </div>
    {hidden && (
      // A pointer's shortcut only: keyboards reach every tab with the arrow keys, and screen
      // readers read the whole tab list.
      <button
        type="button"
        className={styles.roomTabsMore}
        tabIndex={-1}
        aria-hidden="true"
        data-testid="room-tabs-more"
        data-next={hidden}
        onClick={() => listRef.current?.scrollTo({ left: listRef.current.scrollWidth, behavior: 'smooth' })}
      >
        More ›
      </button>
    )}
    </div>
  );
}

/**
 * One tab's panel. Its content is rendered once the tab has been opened (`rendered`) and then stays
 * mounted while hidden, so a half-typed message or form survives a switch.
 */
export function RoomPanel({ baseId, tab, selected, rendered, children }: { baseId: string; tab: RoomTab; selected: RoomTab; rendered: boolean; children: ReactNode }) {
  return (
    <div
      className={styles.roomPanel}
      role="tabpanel"
      id={panelId(baseId, tab)}
      aria-labelledby={tabId(baseId, tab)}
      hidden={tab !== selected}
      tabIndex={0}
      data-testid={`room-panel-${tab}`}
    >
      {rendered && children}
    </div>
  );
}
