/**
 * A small browser stand-in for testing the demo over HTTP: a cookie jar, the page's CSRF token,
 * redirects followed like a browser follows them (303 → GET), and raw requests with a chosen
 * cookie for races (the second click of a double click carries the cookie of the first).
 */
export interface Reply {
  status: number;
  location: string | null;
  body: string;
  setCookies: string[];
  url: string;
}

export class DemoClient {
  readonly jar = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect followed. `cookie` overrides the jar (for replaying a snapshot). */
  async send(
    path: string,
    form?: Record<string, string>,
    opts: { cookie?: string; csrf?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const res = await fetch(this.base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: opts.cookie ?? this.cookieHeader(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...opts.headers,
      },
      ...(form
        ? { body: new URLSearchParams({ _csrf: opts.csrf ?? this.csrf, ...form }).toString() }
        : {}),
    });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const body = await res.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? this.csrf;
    return {
      status: res.status,
      location: res.headers.get('location'),
      body,
      setCookies,
      url: path,
    };
  }

  /** A request and every redirect after it, as a browser would: the final page. */
  async go(path: string, form?: Record<string, string>): Promise<Reply> {
    let reply = await this.send(path, form);
    for (let hops = 0; reply.location && hops < 10; hops++) {
      const next = reply.location;
      reply = await this.send(next);
      reply.url = next;
    }
    return reply;
  }
}

/** The text of an element with this id (first match), without tags. */
export function textOf(html: string, id: string): string {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return (m?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
}
