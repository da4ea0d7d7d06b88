// `npm start`: the route handlers served on http://localhost:3000 (PORT=…) without Next.js, so
// the example runs with one command. In a Next.js app, copy app/ and lib/ and run `next dev`.
import { serve } from '@hono/node-server';
import { handle } from './routes.js';

serve({ fetch: handle, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) =>
  console.log(`Route handlers on http://127.0.0.1:${info.port}`),
);
