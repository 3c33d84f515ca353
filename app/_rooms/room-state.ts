import type { BetActivityNode, ChallengeNode, ChatMessageNode, OddsPointNode, RoomEvent, SelectionStatsNode } from './operations';

/** Chat lines kept in memory; the server sends the last 50 on (re)connect. */
const CHAT_KEPT = 200;
/** Bets kept in the activity feed. */
const BETS_KEPT = 30;
/** Odds points kept per selection for the charts. */
const HISTORY_KEPT = 120;

/** A bet in the room's activity feed. */
export interface RoomBet {
  /** Bets carry no id in the feed; time, person and selection tell them apart. */
  key: string;
  selectionId: string;
  selectionName: string;
  stakeBand: string;
  user: string;
  at: string;
  /** Arrived live (highlighted), rather than with the room's history. */
  fresh: boolean;
}

/** What the room's tabs show, besides the event and its markets (which the cache keeps). */
export interface RoomState {
  /** False until the room has been read once. */
  loaded: boolean;
  /** Oldest first. */
  chat: ChatMessageNode[];
  /** Newest first. */
  bets: RoomBet[];
  stats: Readonly<Record<string, SelectionStatsNode>>;
  /** Oldest first, per selection. */
  history: Readonly<Record<string, OddsPointNode[]>>;
  /** Newest first. */
  challenges: ChallengeNode[];
  /** Masked names, newest first. */
  joiners: string[];
}

export const EMPTY_ROOM: RoomState = { loaded: false, chat: [], bets: [], stats: {}, history: {}, challenges: [], joiners: [] };

export type RoomAction =
  | { type: 'snapshot'; data: RoomEvent }
  | { type: 'chat'; message: ChatMessageNode }
  /** `replay`: applied on top of a newer snapshot, so totals only ever move forward. */
  | { type: 'bet'; activity: BetActivityNode; replay?: boolean }
  | { type: 'challenges'; list: ChallengeNode[] }
  | { type: 'challenge'; challenge: ChallengeNode }
  | { type: 'joiners'; list: string[] }
  | { type: 'odds'; selections: ReadonlyArray<{ id: string; odds: string }>; at: string };

function betKey(activity: Pick<BetActivityNode, 'at' | 'user' | 'selection'>): string {
  return `${activity.at}|${activity.user}|${activity.selection.id}`;
}

function toRoomBet(activity: BetActivityNode, fresh: boolean): RoomBet {
  return {
    key: betKey(activity),
    selectionId: activity.selection.id,
    selectionName: activity.selection.name,
    stakeBand: activity.stakeBand,
    user: activity.user,
    at: activity.at,
    fresh,
  };
}

function fromSnapshot(data: RoomEvent): RoomState {
  const stats: Record<string, SelectionStatsNode> = {};
  const history: Record<string, OddsPointNode[]> = {};
  for (const market of data.markets) {
    for (const selection of market.selections) {
      stats[selection.id] = selection.stats;
      // Left out of the server's first-paint read: the next snapshot brings it.
      if (selection.oddsHistory) history[selection.id] = selection.oddsHistory;
    }
  }
  return {
    loaded: true,
    chat: data.chat,
    bets: data.recentBets.map((b) => toRoomBet(b, false)),
    stats,
    history,
    challenges: data.challenges,
    joiners: data.recentJoiners,
  };
}

/** The room's state after one thing happened in it. */
export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'snapshot':
      return fromSnapshot(action.data);
    case 'chat': {
      if (state.chat.some((m) => m.id === action.message.id)) return state;
      return { ...state, chat: [...state.chat, action.message].slice(-CHAT_KEPT) };
    }
    case 'bet': {
      const { activity } = action;
      const key = betKey(activity);
      const bets = state.bets.some((b) => b.key === key) ? state.bets : [toRoomBet(activity, true), ...state.bets].slice(0, BETS_KEPT);
      const known = state.stats[activity.selection.id];
      const stale = action.replay && known !== undefined && known.betCount >= activity.stats.betCount;
      const stats = stale ? state.stats : { ...state.stats, [activity.selection.id]: activity.stats };
      return bets === state.bets && stats === state.stats ? state : { ...state, bets, stats };
    }
    case 'challenges':
      return { ...state, challenges: action.list };
    case 'challenge': {
      const { challenge } = action;
      const index = state.challenges.findIndex((c) => c.id === challenge.id);
      const challenges = index === -1 ? [challenge, ...state.challenges] : state.challenges.map((c) => (c.id === challenge.id ? challenge : c));
      return { ...state, challenges };
    }
    case 'joiners':
      return { ...state, joiners: action.list };
    case 'odds': {
      let history: Record<string, OddsPointNode[]> | null = null;
      for (const { id, odds } of action.selections) {
        const points = state.history[id];
        // Selections not read yet get their history with the next snapshot.
        if (!points || points.at(-1)?.odds === odds) continue;
        history ??= { ...state.history };
        history[id] = [...points, { __typename: 'OddsPoint' as const, odds, at: action.at }].slice(-HISTORY_KEPT);
      }
      return history ? { ...state, history } : state;
    }
  }
}
