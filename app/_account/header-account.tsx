'use client';

import { useApolloClient } from '@apollo/client/react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { SignOutDocument } from './operations';
import { useViewer } from './viewer-context';

/**
 * The right side of the header: the live balance and an account menu (wallet, bets, sign out)
 * when signed in; sign-in and sign-up links otherwise.
 */
export function HeaderAccount() {
  const { viewer } = useViewer();
  const pathname = usePathname();
  if (!viewer) {
    // Come back here after signing in; from the lobby (or the auth pages) the pages' own defaults
    // apply: the lobby after signing in, the wallet after signing up (a new account has no money).
    const next = pathname === '/' || pathname === '/sign-in' || pathname === '/sign-up' ? '' : `?next=${encodeURIComponent(pathname)}`;
    return (
      <>
        <Link href={`/sign-in${next}`} className="header-button header-button-quiet" data-testid="sign-in-link">
          Sign in
        </Link>
        <Link href={`/sign-up${next}`} className="header-button" data-testid="sign-up-link">
          Sign up
        </Link>
      </>
    );
  }
  return (
    <>
      <Link href="/wallet" className="header-balance" data-testid="header-balance" aria-label={`Balance ${viewer.balance}, open wallet`}>
        <span className="header-balance-label">Balance</span>
        <span className="header-balance-amount" data-testid="header-balance-amount">
          {viewer.balance}
        </span>
      </Link>
      <AccountMenu username={viewer.username} />
    </>
  );
}

function AccountMenu({ username }: { username: string }) {
  const [open, setOpen] = useState(false);
  const [signingOut, startSignOut] = useTransition();
  const { signedOut } = useViewer();
  const client = useApolloClient();
  const router = useRouter();
  const pathname = usePathname();
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);

  // Any navigation closes the menu.
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function signOut() {
    startSignOut(async () => {
      try {
        await client.mutate({ mutation: SignOutDocument });
      } catch {
        // Signed out already (an expired session) or the server is unreachable: the page below
        // is rendered again either way and shows the truth.
      }
      signedOut();
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <div className="account-menu" ref={root}>
      <button
        type="button"
        className="account-button"
        data-testid="account-menu-button"
        aria-label={`Account: ${username}`}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        <span className="account-avatar" aria-hidden="true">
          {username.slice(0, 1).toUpperCase()}
        </span>
        <span className="account-name" data-testid="header-username">
          {username}
        </span>
      </button>
      <div id={menuId} className="account-panel" hidden={!open} data-testid="account-menu">
        <p className="account-panel-name">
          Signed in as <strong>{username}</strong>
        </p>
        <Link href="/wallet" className="account-link" data-testid="wallet-link">
          Wallet
        </Link>
        <Link href="/bets" className="account-link" data-testid="my-bets-link">
          My bets
        </Link>
        <Link href="/developers" className="account-link" data-testid="developers-link">
          Developers
        </Link>
        <button type="button" className="account-link" data-testid="sign-out" onClick={signOut} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </div>
  );
}
