import { formatOdds } from '../../lib/money';
import { oddsHundredths } from '../_live/odds';
import type { OddsPointNode } from './operations';
import styles from './rooms.module.css';

/** The chart's drawing box; the SVG stretches to its container's width. */
const WIDTH = 120;
const HEIGHT = 40;
const PAD = 4;
/** The value axis spans at least this many hundredths, so a move of 3.20 to 3.21 stays small. */
const MIN_RANGE = 20;
/** ... and at least this share of the highest odds (in percent). */
const MIN_RANGE_PERCENT = 8;

/**
 * A small step chart of a selection's recent odds: odds stay put between changes, so each price is
 * a flat run ending in a step to the next, one run per price (evenly spaced, so bursts of moves
 * stay readable), the last one running to the right edge. Values are hundredths (integers); only
 * the plotting coordinates are fractional.
 */
export function OddsSparkline({ points, name }: { points: readonly OddsPointNode[]; name: string }) {
  if (points.length === 0) {
    return <p className={styles.sparklineEmpty}>No prices yet</p>;
  }
  const values = points.map((p) => oddsHundredths(p.odds));
  const low = Math.min(...values);
  const high = Math.max(...values);
  // Integer arithmetic for the axis: at least MIN_RANGE, centred on the data.
  const range = Math.max(high - low, MIN_RANGE, Math.ceil((high * MIN_RANGE_PERCENT) / 100));
  const bottom = low - Math.floor((range - (high - low)) / 2);
  const step = (WIDTH - 2 * PAD) / values.length;
  const x = (i: number) => PAD + i * step;
  const y = (v: number) => PAD + ((bottom + range - v) / range) * (HEIGHT - 2 * PAD);

  let path = `M ${x(0).toFixed(2)} ${y(values[0]).toFixed(2)}`;
  for (let i = 1; i < values.length; i++) {
    path += ` H ${x(i).toFixed(2)} V ${y(values[i]).toFixed(2)}`;
  }
  path += ` H ${WIDTH - PAD}`;
  const area = `${path} V ${HEIGHT} H ${x(0).toFixed(2)} Z`;

  const firstOdds = points[0].odds;
  const lastOdds = points[points.length - 1].odds;
  const trend = values[values.length - 1] > values[0] ? 'up' : values[values.length - 1] < values[0] ? 'down' : 'flat';
  const changes = values.filter((v, i) => i > 0 && v !== values[i - 1]).length;
  const label =
    changes === 0
      ? `${name}: odds ${lastOdds}, unchanged`
      : `${name}: odds from ${firstOdds} to ${lastOdds}, ${changes} ${changes === 1 ? 'change' : 'changes'}, low ${formatOdds(low)}, high ${formatOdds(high)}`;

  return (
    <svg
      className={styles.sparkline}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="odds-sparkline"
      data-points={points.length}
      data-trend={trend}
    >
      <path className={styles.sparklineArea} d={area} />
      <path className={styles.sparklineLine} d={path} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
