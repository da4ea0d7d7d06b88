// What every response gets: security headers (a CSP with no inline script or style), the static
// files, the favicon, a request log line without query or body, and the styled error pages.
import { fileURLToPath } from 'node:url';
import express from 'express';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

export function siteBefore(app, { log }) {
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    // 'close' rather than 'finish': a request the browser dropped (a double click) is logged too.
    res.on('close', () => log(`${req.method} ${req.baseUrl}${req.path} ${res.statusCode}`));
    res.set({
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': CSP,
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  app.use('/static', express.static(publicDir, { index: false, fallthrough: false }));
  app.get(['/favicon.svg', '/favicon.ico'], (_req, res) =>
    res.type('image/svg+xml').sendFile('favicon.svg', { root: publicDir }),
  );
}

export function siteAfter(app, { log }) {
  app.use((_req, res) =>
    res
      .status(404)
      .renderError({ title: 'Page not found', text: 'There is no page at this address.' }),
  );
  app.use((err, req, res, _next) => {
    log(`error on ${req.method} ${req.path}: ${err?.name ?? 'Error'}`); // no message: it could quote input
    if (process.env.DEMO_DEBUG) console.error(err);
    if (res.headersSent) return;
    const status = err?.status === 413 || err?.status === 400 ? err.status : 500;
    res.status(status);
    if (!res.renderError) return res.send('Something went wrong.');
    res.renderError({
      title: status === 500 ? 'Something went wrong' : 'That request was not understood',
      text: status === 500 ? 'Nothing was changed. Please try again.' : 'Go back and try again.',
    });
  });
}
