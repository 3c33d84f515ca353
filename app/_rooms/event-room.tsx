'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useId, useState } from 'react';
import { MarketCard } from '../_components/market-card';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { afterHydration } from '../_live/after-hydration';
import { ActivityFeed } from './activity-feed';
import type { ChallengeNode, ChatMessageNode, RoomEvent } from './operations';
import type { RoomTab } from './room-tab-ids';
import { RoomPanel, RoomTabs } from './room-tabs';
import { useRoom } from './use-room';
import styles from './rooms.module.css';

// The tabs other than Betting are chunks of their own: the page hydrates with the code of the tab
// on screen only (issue 18), and the others are fetched once it has hydrated, so opening one is
// immediate. A page opened on one of them (?tab=chat) is still rendered on the server.
const loadChat = () => import('./chat-panel').then((module) => module.ChatPanel);
const loadChallenges = () => import('./challenges-panel').then((module) => module.ChallengesPanel);
const loadParticipants = () => import('./participants-panel').then((module) => module.ParticipantsPanel);
const loadStats = () => import('./stats-panel').then((module) => module.StatsPanel);
const ChatPanel = dynamic(loadChat);
const ChallengesPanel = dynamic(loadChallenges);
const ParticipantsPanel = dynamic(loadParticipants);
const StatsPanel = dynamic(loadStats);

/** Writes the tab into the address (`?tab=chat`) without a navigation, so a reload keeps it. */
function writeTabToUrl(tab: RoomTab): void {
  const url = new URL(window.location.href);
  if (tab === 'betting') url.searchParams.delete('tab');
  else url.searchParams.set('tab', tab);
  // Next.js keeps its router in step with history.replaceState (useSearchParams sees it).
  window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
}

/**
 * The event's live room under the scoreboard, in tabs: Betting (markets, with the room's bets
 * as they happen; the slip is docked below), Chat, Challenges, Participants and Stats. The tab
 * lives in the address. A panel is first rendered when its tab is first opened (the page's first
 * paint and hydration only pay for the tab on screen: rendering all five was most of the event
 * page's main-thread time); from then on it stays mounted while hidden, so a half-written message
 * survives a look at the odds. The room itself (useRoom) follows everything from the start.
 */
export function EventRoom({
  event,
  markets,
  bettable,
  initialRoom,
  initialTab,
}: {
  event: { id: string; name: string; participants: number | null };
  markets: readonly MarketCard_MarketFragment[];
  bettable: boolean;
  /** The room as the server read it for the first paint (null: read after connecting). */
  initialRoom: RoomEvent | null;
  initialTab: RoomTab;
}) {
  const baseId = useId();
  const [shownInitial, setShownInitial] = useState(initialTab);
  const [tab, setTab] = useState(initialTab);
  // Tabs opened so far: their panels are rendered (and kept).
  const [opened, setOpened] = useState<ReadonlySet<RoomTab>>(() => new Set([initialTab]));
  if (shownInitial !== initialTab) {
    // A navigation to this page with another ?tab= (the server rendered it anew).
    setShownInitial(initialTab);
    setTab(initialTab);
  }
  if (!opened.has(tab)) setOpened(new Set([...opened, tab]));

  const [unread, setUnread] = useState(0);
  const onLiveChat = useCallback(() => {
    if (tab !== 'chat') setUnread((n) => n + 1);
  }, [tab]);
  useEffect(() => {
    if (tab === 'chat') setUnread(0);
  }, [tab]);

  useEffect(() => afterHydration(() => void Promise.all([loadChat(), loadChallenges(), loadParticipants(), loadStats()])), []);

  const room = useRoom({ eventId: event.id, markets, initial: initialRoom, onLiveChat });
  const { state, dispatch } = room;

  const select = useCallback((next: RoomTab) => {
    setTab(next);
    writeTabToUrl(next);
  }, []);

  const onSent = useCallback((message: ChatMessageNode) => dispatch({ type: 'chat', message }), [dispatch]);
  const onChallenge = useCallback((challenge: ChallengeNode) => dispatch({ type: 'challenge', challenge }), [dispatch]);
  const openChallenges = state.challenges.filter((c) => c.status === 'OPEN').length;

  return (
    <div className={styles.room} data-testid="room" data-room-ready={room.ready ? 'true' : 'false'} data-tab={tab}>
      <RoomTabs
        baseId={baseId}
        selected={tab}
        onSelect={select}
        badges={{
          chat: unread > 0 ? { text: unread > 9 ? '9+' : String(unread), label: `${unread} new ${unread === 1 ? 'message' : 'messages'}`, attention: true } : undefined,
          challenges: openChallenges > 0 ? { text: String(openChallenges), label: `${openChallenges} open` } : undefined,
          participants: event.participants !== null ? { text: String(event.participants), label: `${event.participants} in the room` } : undefined,
        }}
      />

      <RoomPanel baseId={baseId} tab="betting" selected={tab} rendered={opened.has('betting')}>
        <div className={styles.roomStack}>
          {markets.length === 0 ? (
            <p className="empty">No markets are offered on this event.</p>
          ) : (
            <div className="markets" data-testid="markets">
              {markets.map((market) => (
                <MarketCard key={market.id} market={market} event={event} bettable={bettable} />
              ))}
            </div>
          )}
          <ActivityFeed bets={state.bets} loaded={state.loaded} />
        </div>
      </RoomPanel>

      <RoomPanel baseId={baseId} tab="chat" selected={tab} rendered={opened.has('chat')}>
        <ChatPanel eventId={event.id} messages={state.chat} loaded={state.loaded} visible={tab === 'chat'} onSent={onSent} />
      </RoomPanel>

      <RoomPanel baseId={baseId} tab="challenges" selected={tab} rendered={opened.has('challenges')}>
        <ChallengesPanel
          eventId={event.id}
          markets={markets}
          challenges={state.challenges}
          loaded={state.loaded}
          bettable={bettable}
          onChallenge={onChallenge}
        />
      </RoomPanel>

      <RoomPanel baseId={baseId} tab="participants" selected={tab} rendered={opened.has('participants')}>
        <ParticipantsPanel count={event.participants} joiners={state.joiners} loaded={state.loaded} />
      </RoomPanel>

      <RoomPanel baseId={baseId} tab="stats" selected={tab} rendered={opened.has('stats')}>
        <StatsPanel markets={markets} stats={state.stats} history={state.history} loaded={state.loaded} />
      </RoomPanel>
    </div>
  );
}
