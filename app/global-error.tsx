'use client';

/** Last-resort error page for a failure in the root layout itself; it brings its own styles. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ margin: 0, minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#0b1016', color: '#e6edf3', fontFamily: 'system-ui, sans-serif' }}>
        <div style={{ textAlign: 'center', padding: 24 }}>
          <title>Something went wrong · Sportsbook</title>
          <h1 style={{ fontSize: 22 }}>Something went wrong</h1>
          <p style={{ color: '#8b98a9' }}>The app could not load. Please try again.</p>
          <button type="button" onClick={() => retry()} style={{ minHeight: 44, padding: '0 20px', borderRadius: 8, border: 0, background: '#22c55e', color: '#04120a', fontWeight: 700 }}>
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
