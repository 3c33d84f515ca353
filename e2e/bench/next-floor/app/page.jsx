import { PickButton } from './pick-button';

export const dynamic = 'force-dynamic';

const EVENTS = [
  ['Lighthouse Rovers', 'Benchmark City'],
  ['Harbour Athletic', 'Millbrook United'],
  ['Kingsway Rangers', 'Old Town Albion'],
  ['Evening Rovers', 'Late Kick Town'],
];

/** Four events of three selections each, rendered on the server at request time. */
export default function FloorPage() {
  return (
    <>
      <h1>In play</h1>
      {EVENTS.map(([home, away]) => (
        <section key={home} aria-label={`${home} v ${away}`}>
          <h2>
            {home} v {away}
          </h2>
          <PickButton name={home} odds="2.10" />
          <PickButton name="Draw" odds="3.30" />
          <PickButton name={away} odds="3.90" />
        </section>
      ))}
    </>
  );
}
