'use client';

import dynamic from 'next/dynamic';
import { useEffect } from 'react';
import { afterHydration } from '../_live/after-hydration';
import { useSlip } from './slip-context';

const loadDock = () => import('./slip-dock').then((module) => module.SlipDock);

/**
 * The slip's own code (placing, limits, odds changes, rejections) is a chunk of its own, not part of
 * every page's hydration: most pages open with nothing picked, and on a phone evaluating that code
 * was part of the hydration tasks that Lighthouse counts as blocking (issue 18).
 */
const SlipDock = dynamic(loadDock, { ssr: false });

/**
 * The bet slip docked at the bottom of every page (slip-dock.tsx), shown once something is picked.
 * It stays mounted while a placed bet awaits its in-play decision, so a rejection comes back into
 * the slip. The dock's code is fetched once the page has hydrated, so the first pick opens it at
 * once.
 */
export function BetSlip() {
  const { state } = useSlip();
  useEffect(() => afterHydration(() => void loadDock()), []);
  if (state.picks.length === 0 && state.pending === null) return null;
  return <SlipDock />;
}
