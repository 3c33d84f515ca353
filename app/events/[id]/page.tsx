import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EventLive } from '../../_components/event-live';
import { loadEvent } from '../../_data/load-event';

// Live data, read at request time from the runtime the custom server registered.
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const state = await loadEvent(id);
  return { title: state ? `${state.event.home} v ${state.event.away}` : 'Event not found' };
}

/** The live event page: scoreboard and every market, kept live by the EventLive island. */
export default async function EventPage({ params }: Props) {
  const { id } = await params;
  const state = await loadEvent(id);
  if (!state) notFound();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/">Lobby</Link>
        <span aria-hidden="true">›</span>
        <span>{state.event.sport}</span>
      </nav>
      <EventLive initial={state} />
    </>
  );
}
