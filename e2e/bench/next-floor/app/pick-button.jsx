'use client';

import { useState } from 'react';

/** A client island: a selection's odds that toggle when picked, as the product's odds buttons do. */
export function PickButton({ name, odds }) {
  const [picked, setPicked] = useState(false);
  return (
    <button type="button" aria-pressed={picked} onClick={() => setPicked(!picked)}>
      {name} {odds}
    </button>
  );
}
