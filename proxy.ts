import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pageContentSecurityPolicy, requestIsHttps } from './lib/security-headers';

/**
 * Next's proxy (the file convention that was `middleware`): a fresh nonce and the pages' strict
 * Content-Security-Policy for every page request. Next reads the nonce from the request's CSP
 * header while rendering and puts it on its own scripts; every page renders per request (the
 * layout reads the session), so each response's nonce is new. The other security headers are set
 * by the server entry on every response, pages included (graphql/start-server.ts,
 * docs/decisions/0018).
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https = request.nextUrl.protocol === 'https:' || requestIsHttps(false, request.headers.get('x-forwarded-proto'));
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the build's static files and images, nor router prefetches (RSC data, not documents).
      source: '/((?!_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
