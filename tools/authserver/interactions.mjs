// Our own login and consent pages under /interaction/:uid (oidc-provider's devInteractions are off).
//
//   GET  /interaction/:uid          login page or consent page, depending on the pending prompt
//   POST /interaction/:uid/login    login=<username or e-mail>&password=<password>
//   POST /interaction/:uid/confirm  decision=approve | decision=deny
//   POST /interaction/:uid/abort    cancel the sign-in (finishes with access_denied)
//
// Each successful POST answers 303 to oidc-provider's resume URL (/auth/:uid), which in turn
// redirects to the next interaction or to the client's redirect_uri.
import { errors } from 'oidc-provider';

import { HttpError, readForm, sendHtml } from './http-util.mjs';
import { escapeHtml, render } from './views.mjs';

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|confirm|abort))?$/;

const SCOPE_TEXT = {
  openid: 'Sign you in with your DeskAuth account',
  profile: 'Your name',
  email: 'Your e-mail address',
  regions: 'The sales regions you work in',
  offline_access: 'Keep you signed in while you are away (refresh tokens)',
  'api.read': 'Read your data from the DeskAuth API',
};

export class InteractionRoutes {
  #provider;
  #accounts;
  #stats;
  #log;

  constructor({ provider, accounts, stats, log }) {
    this.#provider = provider;
    this.#accounts = accounts;
    this.#stats = stats;
    this.#log = log;
  }

  // Returns false when the path is not an interaction path.
  async handle(req, res, pathname) {
    const match = ROUTE.exec(pathname);
    if (!match) return false;
    const [, uid, action] = match;
    const expected = action ? 'POST' : 'GET';
    if (req.method !== expected && !(expected === 'GET' && req.method === 'HEAD')) {
      req.resume();
      sendHtml(res, 405, this.#errorPage('Method not allowed', `Use ${expected} here.`), { Allow: expected });
      return true;
    }
    try {
      const details = await this.#provider.interactionDetails(req, res);
      if (details.uid !== uid) {
        throw new HttpError(400, 'This page does not belong to the current sign-in request.');
      }
      switch (action) {
        case undefined: await this.#showPrompt(res, details); break;
        case 'login': await this.#login(req, res, details); break;
        case 'confirm': await this.#confirm(req, res, details); break;
        case 'abort': await this.#abort(req, res); break;
        default: throw new HttpError(404, 'Not found');
      }
    } catch (err) {
      this.#fail(req, res, err);
    }
    return true;
  }

  async #client(details) {
    const client = await this.#provider.Client.find(details.params.client_id);
    return client?.clientName || details.params.client_id;
  }

  async #showPrompt(res, details) {
    const { name } = details.prompt;
    if (name === 'login') {
      await this.#renderLogin(res, details, {});
    } else if (name === 'consent') {
      await this.#renderConsent(res, details);
    } else {
      throw new HttpError(400, `Unsupported sign-in step "${name}".`);
    }
  }

  async #renderLogin(res, details, { login = '', error }) {
    const html = render('login', {
      title: 'Sign in',
      uid: details.uid,
      clientName: await this.#client(details),
      login,
      errorHtml: error ? `<div class="error" id="error" role="alert">${escapeHtml(error)}</div>` : '',
    });
    sendHtml(res, 200, html);
  }

  async #renderConsent(res, details) {
    const requested = String(details.params.scope ?? '').split(' ').filter(Boolean);
    const profile = this.#accounts.profile(details.session?.accountId);
    const items = requested.map((scope) => {
      const text = SCOPE_TEXT[scope] ?? scope;
      return `<li data-scope="${escapeHtml(scope)}">${escapeHtml(text)} <code>${escapeHtml(scope)}</code></li>`;
    });
    const html = render('consent', {
      title: 'Allow access',
      uid: details.uid,
      clientName: await this.#client(details),
      accountSuffix: profile ? ` (${profile.name ?? profile.sub})` : '',
      scopeItems: items.join('\n'),
    });
    sendHtml(res, 200, html);
  }

  async #login(req, res, details) {
    const form = await readForm(req);
    if (details.prompt.name !== 'login') {
      throw new HttpError(400, 'This sign-in request is not waiting for a password.');
    }
    const login = form.get('login') ?? '';
    const accountId = this.#accounts.authenticate(login, form.get('password') ?? '');
    if (!accountId) {
      this.#stats.increment('failed_logins');
      this.#log('login.failed', { client: details.params.client_id });
      await this.#renderLogin(res, details, { login, error: 'Invalid username or password.' });
      return;
    }
    this.#stats.increment('logins');
    this.#log('login.success', { client: details.params.client_id, account: accountId });
    await this.#provider.interactionFinished(
      req,
      res,
      { login: { accountId, amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  }

  async #confirm(req, res, details) {
    const form = await readForm(req);
    const decision = form.get('decision');
    if (details.prompt.name !== 'consent') {
      throw new HttpError(400, 'This sign-in request is not waiting for consent.');
    }
    if (decision === 'deny') {
      this.#stats.increment('denials');
      this.#log('consent.denied', { client: details.params.client_id, account: details.session?.accountId });
      await this.#provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User denied the authorization request' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (decision !== 'approve') {
      throw new HttpError(400, 'The consent form needs decision=approve or decision=deny.');
    }

    const { Grant } = this.#provider;
    const { accountId } = details.session;
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    const grant = details.grantId
      ? await Grant.find(details.grantId)
      : new Grant({ accountId, clientId: details.params.client_id });
    if (!grant) throw new HttpError(400, 'The previous grant of this sign-in has expired.');
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();

    this.#stats.increment('consents');
    this.#log('consent.approved', { client: details.params.client_id, account: accountId });
    await this.#provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  async #abort(req, res) {
    await readForm(req);
    this.#stats.increment('denials');
    this.#log('login.cancelled', {});
    await this.#provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User cancelled the sign-in' },
      { mergeWithLastSubmission: false },
    );
  }

  #errorPage(heading, message) {
    return render('error', { title: heading, page: 'error', heading, message, detailsHtml: '' });
  }

  #fail(req, res, err) {
    req.resume(); // drop an unread form body
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof errors.SessionNotFound) {
      this.#log('interaction.not_found', { error: err.error_description ?? err.message });
      sendHtml(res, 400, this.#errorPage(
        'Sign-in request not found',
        'This sign-in request has expired, was already completed, or the browser did not send its cookie.',
      ));
      return;
    }
    if (err instanceof HttpError) {
      sendHtml(res, err.status, this.#errorPage('Request rejected', err.message));
      return;
    }
    this.#log('interaction.error', { error: err?.message ?? String(err) }, true);
    sendHtml(res, 500, this.#errorPage('Server error', 'The sign-in could not be completed.'));
  }
}
