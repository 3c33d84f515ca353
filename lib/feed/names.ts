import { pick, type Random } from './random';
import type { SportId } from './sport-feed';

/** Fictional sides and players; the feed pairs them at random. */
const NAMES: Record<SportId, readonly string[]> = {
  football: [
    'Northbridge United', 'Ashford City', 'Riverside Athletic', 'Kingsport Rovers', 'Eastvale Town',
    'Harbour FC', 'Millbrook Wanderers', 'Stonegate Albion', 'Westmoor Rangers', 'Port Selwyn',
    'Oakridge FC', 'Lakeshore Town', 'Brightwater City', 'Highfield United', 'Fernhill Athletic',
    'Redcliffe Rovers',
  ],
  tennis: [
    'A. Varga', 'M. Lindqvist', 'J. Okafor', 'S. Moreau', 'L. Tanaka', 'R. Castell', 'D. Novak',
    'E. Halvorsen', 'P. Rinaldi', 'K. Adeyemi', 'T. Brandt', 'N. Sorensen', 'C. Ibarra', 'I. Petrov',
    'F. Laurent', 'H. Kimura',
  ],
  basketball: [
    'Capital Comets', 'Bay City Hawks', 'Summit Peaks', 'Delta Storm', 'Iron Valley Miners',
    'Coastal Tides', 'Prairie Wolves', 'Metro Lights', 'Granite Bears', 'Sunset Flyers',
    'Harbor Kings', 'Northern Lynx', 'Canyon Suns', 'River City Rockets',
  ],
};

/** Two different names for a new event, avoiding those already playing when possible. */
export function pickOpponents(sport: SportId, random: Random, busy: ReadonlySet<string>): { home: string; away: string } {
  const free = NAMES[sport].filter((name) => !busy.has(name));
  const pool = free.length >= 2 ? free : NAMES[sport];
  const home = pick(random, pool);
  const away = pick(random, pool.filter((name) => name !== home));
  return { home, away };
}
