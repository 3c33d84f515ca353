import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLink } from './_components/nav-link';
import { Providers } from './_live/providers';
import './globals.css';

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

/** The shell of every page: header with brand and navigation, then the page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {/* Wraps the header too: the balance and bet slip islands will need the client. */}
        <Providers>
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
              </nav>
              {/* Balance and sign-in will live here. */}
              <div className="header-account" data-testid="header-account" />
            </div>
          </header>
          <main id="main" className="page">
            {children}
          </main>
          <footer className="site-footer">Play money only. Prices and scores update live.</footer>
        </Providers>
      </body>
    </html>
  );
}
