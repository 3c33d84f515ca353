'use client';

import { createContext, useContext, useEffect, useMemo, useReducer, useRef, useState, type Dispatch, type ReactNode } from 'react';
import { EMPTY_SLIP, parseSavedSlip, slipReducer, type SlipAction, type SlipState } from './slip-state';

/** localStorage key; bump the version when the saved shape changes incompatibly. */
const STORAGE_KEY = 'sportsbook.slip.v1';

interface SlipContextValue {
  state: SlipState;
  dispatch: Dispatch<SlipAction>;
  /** Whether the slip panel is expanded. */
  open: boolean;
  setOpen(open: boolean): void;
}

const SlipContext = createContext<SlipContextValue | null>(null);

/**
 * Holds the bet slip of the tab. It is saved to localStorage, so picks survive moving between
 * events (and reloads), and other tabs follow through the storage event. The server render and
 * the first client render both see an empty slip; the saved one is loaded after hydration.
 */
export function SlipProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(slipReducer, EMPTY_SLIP);
  const [open, setOpen] = useState(false);
  // Set together with the loaded slip, so nothing is saved before the saved slip has been read.
  const [loaded, setLoaded] = useState(false);
  const lastSaved = useRef<string | null>(null);

  useEffect(() => {
    const read = () => {
      try {
        return window.localStorage.getItem(STORAGE_KEY);
      } catch {
        return null; // Storage can be disabled; the slip then lives as long as the page.
      }
    };
    const saved = read();
    lastSaved.current = saved;
    dispatch({ type: 'load', state: parseSavedSlip(saved) });
    setLoaded(true);
    const onStorage = (event: StorageEvent) => {
      if (event.key !== STORAGE_KEY || event.newValue === lastSaved.current) return;
      lastSaved.current = event.newValue;
      dispatch({ type: 'load', state: parseSavedSlip(event.newValue) });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  useEffect(() => {
    if (!loaded) return;
    const text = JSON.stringify(state);
    if (text === lastSaved.current) return;
    lastSaved.current = text;
    try {
      window.localStorage.setItem(STORAGE_KEY, text);
    } catch {
      // Full or disabled storage: the slip still works for this page.
    }
  }, [state, loaded]);

  const value = useMemo(() => ({ state, dispatch, open, setOpen }), [state, open]);
  return <SlipContext.Provider value={value}>{children}</SlipContext.Provider>;
}

export function useSlip(): SlipContextValue {
  const value = useContext(SlipContext);
  if (!value) throw new Error('useSlip must be used inside <SlipProvider>.');
  return value;
}
