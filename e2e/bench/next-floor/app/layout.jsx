// The Lighthouse bench's floor: Next 16 and React 19 alone, served by `next start`, with nothing of
// the product (no Apollo, no socket, no styles). What it scores is what the framework costs here.
export const metadata = { title: 'Floor · Sportsbook' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <header>
          <a href="/">Sportsbook</a>
        </header>
        <main>{children}</main>
        <footer>Play money only.</footer>
      </body>
    </html>
  );
}
