import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { HeaderAccount } from './_account/header-account';
import { NavLink } from './_components/nav-link';
import { LayoutDocument } from './_account/operations';
import { serverQuery } from './_data/server-query';
import { Providers } from './_live/providers';
import { BetSlip } from './_slip/bet-slip';
// Stylesheets in cascade order: tokens, the base, then each area's own (beside its components).
import './tokens.css';
import './globals.css';
import './_account/header.css';
import './_components/badges.css';
import './_components/odds.css';
import './_components/event.css';
import './_components/forms.css';
import './_bets/bet-status.css';

export const metadata: Metadata = {
  title: { default: 'Sportsbook · Live betting', template: '%s · Sportsbook' },
  description: 'Play-money in-play betting: live scores and odds that move as the match does.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0b1016',
  colorScheme: 'dark',
};

/**
 * The shell of every page: header with brand, navigation and account (balance, or sign-in), then
 * the page, and the bet slip docked at the bottom.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { viewer } = await serverQuery(LayoutDocument);
  return (
    <html lang="en">
      <body>
        {/* Wraps the header too: the balance and the bet slip are client islands. */}
        <Providers viewer={viewer} betUpdatesCursor={viewer?.betUpdatesCursor ?? null}>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            <div className="site-header-inner">
              <Link href="/" className="brand" aria-label="Sportsbook home">
                <span className="brand-mark" aria-hidden="true" />
                <span className="brand-name">
                  Sports<span className="brand-accent">book</span>
                </span>
              </Link>
              <nav className="site-nav" aria-label="Main">
                <NavLink href="/">Lobby</NavLink>
                {viewer && <NavLink href="/bets">My bets</NavLink>}
              </nav>
              <div className="header-account" data-testid="header-account">
                <HeaderAccount />
              </div>
            </div>
          </header>
          <main id="main" className="page">
            {children}
          </main>
          <footer className="site-footer">Play money only. Prices and scores update live.</footer>
          <BetSlip />
        </Providers>
      </body>
    </html>
  );
}
