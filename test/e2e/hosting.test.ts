import { describe, expect, it } from 'vitest';
import { hostingUrl } from '../support/env';
import { suiteBrowser, newPage, newUser, signUp } from './support/browser';

const browser = await suiteBrowser();

describe('Hosting serves the production build', () => {
  it('sends security headers and no-cache on the SPA shell for any route', async () => {
    const response = await fetch(`${hostingUrl}/r/some-room`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<div id="app">');
    const h = response.headers;
    expect(h.get('cache-control')).toBe('no-cache');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(h.get('x-frame-options')).toBe('DENY');
    const csp = h.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('caches hashed assets for a year', async () => {
    const html = await (await fetch(`${hostingUrl}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const response = await fetch(`${hostingUrl}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the callables at /api through its rewrite to the functions', async () => {
    // no ID token: the callable itself answers, which proves the rewrite reached it
    const response = await fetch(`${hostingUrl}/api/moderateMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: {} }),
    });
    // a missing rewrite would serve the app's index.html instead
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });
  });

  it('works under its Content-Security-Policy with no violation', async () => {
    const { page, context } = await newPage(browser);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await signUp(page, newUser('Csp'));
    expect(violations).toEqual([]);
    await context.close();
  });
});
