import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EventLive } from '../../_components/event-live';
import { EventPageDocument } from '../../_components/event-query';
import { serverQuery } from '../../_data/server-query';
import { RoomDocument } from '../../_rooms/operations';
import { parseRoomTab } from '../../_rooms/room-tab-ids';

// Live data, read at request time from the runtime the custom server registered.
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { event } = await serverQuery(EventPageDocument, { id });
  return { title: event ? `${event.home} v ${event.away}` : 'Event not found' };
}

/**
 * The live event page: scoreboard and the event's room in tabs (`?tab=chat` and so on, so a reload
 * keeps the tab), rendered from the page query and kept live by the EventLive island.
 */
export default async function EventPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { tab } = await searchParams;
  // The room is read with the page, so its first tab (the markets and the room's bets) is painted
  // from the server instead of after hydration and a read over HTTP (issue 18: on a phone, the
  // room's bets popping in were the page's largest paint, 2.7-3.4 s in Lighthouse).
  const [data, room] = await Promise.all([serverQuery(EventPageDocument, { id }), serverQuery(RoomDocument, { id, history: false })]);
  if (!data.event) notFound();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/">Lobby</Link>
        <span aria-hidden="true">›</span>
        <span>{data.event.sport}</span>
      </nav>
      <EventLive id={id} initial={data} initialRoom={room.event} initialTab={parseRoomTab(tab)} />
    </>
  );
}
