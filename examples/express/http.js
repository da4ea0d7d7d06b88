// What every route uses: rendering in the layout, one-time notices, post/redirect/get for forms
// that fail, the sign-in and recent-password guards, and failure messages from mfa-kit/web.
import { failureMessage, formatWait } from 'mfa-kit/web';
import { errorPage, layout } from './views/layout.js';

/** Our wording where it says more than the library's English table. */
const OURS = {
  country_not_allowed: 'We can only text US numbers.',
  not_allowed: "That isn't available on your plan or account.",
};
export const messageFor = (error) => OURS[error?.code] ?? failureMessage(error);
export const wait = (ms) => formatWait(ms);

/** Express 5 passes rejected promises to the error handler; this keeps handlers short anyway. */
export const wrap = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);

export function createHttp({ accounts, sessions, now }) {
  const user = (req) => (req.session.userId ? accounts.get(req.session.userId) : null);

  function render(req, res, title, body, { status = 200, scripts } = {}) {
    const flash = req.session.flash;
    delete req.session.flash;
    res
      .status(status)
      .send(layout({ title, user: user(req), body, flash, csrf: req.session.csrf, scripts }));
  }

  /** Adds `res.renderError(...)`: the one styled error page. */
  function errorPages(req, res, next) {
    res.renderError = ({ title, text, link, linkText }) =>
      res.send(
        layout({
          title,
          user: req.session ? user(req) : null,
          body: errorPage({ title, text, link, linkText }),
          csrf: req.session?.csrf,
        }),
      );
    next();
  }

  const flash = (req, message) => {
    req.session.flash = message;
  };

  /**
   * Post/redirect/get for a form that failed: the error and the typed values wait in the session
   * for the page's next GET, so Back and Reload never re-send the form.
   */
  function failForm(req, res, location, form) {
    req.session.form = { page: location.split('?')[0], ...form };
    res.redirect(303, location);
  }
  /** The failed form's state for this page, once. */
  function takeForm(req) {
    const form = req.session.form;
    if (!form || form.page !== req.path) return {};
    delete req.session.form;
    return form;
  }

  const requireUser = (req, res, next) => (user(req) ? next() : res.redirect(303, '/signin'));
  const requireGuest = (req, res, next) => (user(req) ? res.redirect(303, '/security') : next());

  return {
    user,
    render,
    errorPages,
    flash,
    failForm,
    takeForm,
    requireUser,
    requireGuest,
    finish: sessions.finish,
    now,
  };
}
