import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EventLive } from '../../_components/event-live';
import { loadEvent } from '../../_data/load-event';
import { parseRoomTab } from '../../_rooms/room-tab-ids';

// Live data, read at request time from the runtime the custom server registered.
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const state = await loadEvent(id);
  return { title: state ? `${state.event.home} v ${state.event.away}` : 'Event not found' };
}

/**
 * The live event page: scoreboard and the event's room in tabs (`?tab=chat` and so on, so a reload
 * keeps the tab), kept live by the EventLive island.
 */
export default async function EventPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { tab } = await searchParams;
  const state = await loadEvent(id);
  if (!state) notFound();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/">Lobby</Link>
        <span aria-hidden="true">›</span>
        <span>{state.event.sport}</span>
      </nav>
      <EventLive initial={state} initialTab={parseRoomTab(tab)} />
    </>
  );
}
