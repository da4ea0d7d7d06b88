// The route table Next.js would build from the app/ folder, for server.js and the test.
export const routes = {
  '/login': () => import('./app/login/route.js'),
  '/login/mfa': () => import('./app/login/mfa/route.js'),
  '/logout': () => import('./app/logout/route.js'),
  '/mfa/totp/begin': () => import('./app/mfa/totp/begin/route.js'),
  '/mfa/totp/confirm': () => import('./app/mfa/totp/confirm/route.js'),
};

/** Calls the route handler for a request the way Next.js does: `(request: Request) => Response`. */
export async function handle(request) {
  const route = routes[new URL(request.url).pathname];
  const handler = route && (await route())[request.method];
  return handler ? handler(request) : new Response('Not found', { status: 404 });
}
