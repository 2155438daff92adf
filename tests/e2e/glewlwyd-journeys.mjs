// End-to-end journeys against Glewlwyd (tools/glewlwyd/server) with the real app, Chromium on
// Glewlwyd's own login page, the real API and gnome-keyring. The app runs with the desktop
// settings docs/configuration.md gives for Glewlwyd (oauth.resource among them), the API with that
// resource as its audience. Glewlwyd has no test counters: what happened at the server is read
// from the app's and the API's logs. Usage: node glewlwyd-journeys.mjs <name>
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { Harness } from './harness.mjs';

const alice = { action: 'glewlwyd-login', user: 'alice', password: 'Alice-Pass-1' };
const signedIn = (s) => s.location === '/companies' && s.state === 'loaded';
const count = (text, pattern) => (text.match(pattern) || []).length;
const browserRuns = (h) => count(h.browserLog(), / step /g);
const apiAnswers = (h, status) => count(h.apiLog(), new RegExp(`path=/api/companies status=${status} `, 'g'));

// The authorization requests' login_hint values so far, as the test browser logged them.
const loginHints = (h) => [...h.browserLog().matchAll(/authorization request login_hint=(\S+)/g)].map((m) => JSON.parse(m[1]));

// step: the browser plan's step (keepProfile: the browser keeps Glewlwyd's session cookie for a
// later end-session page). privateUri: the app runs in private-URI mode.
async function signIn(h, { step = alice, privateUri = false } = {}) {
  await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
  await h.screenshot('sign-in-view');
  h.plan(step);
  await h.key('ctrl+i');
  const companies = await h.waitFor(signedIn, 'the companies list after signing in at Glewlwyd');
  assert.equal(companies.user, 'Alice Smith');
  // alice's regions (Europe, USA) reach the API as Glewlwyd's comma-joined string claim
  assert.ok(companies.items > 0, 'alice sees companies');
  // the browser logs its last page once loaded, which may be after the app moved on: a wait
  if (privateUri) {
    await h.waitForBrowserLog(/handed com\.deskauth\.desktop:\/callback to xdg-open \(exit 0/, 'the browser handing the redirect to xdg-open');
  } else {
    await h.waitForBrowserLog(/finished at http:\/\/127\.0\.0\.1:800[1-3]\/callback/, 'the browser back at the app');
  }
  // the access token's aud is the resource the app named (RFC 8707), which the API checks
  assert.match(h.apiLog(), /path=\/api\/companies status=200 .*auth=jwt/);
  return companies;
}

const journeys = {
  // sign in on Glewlwyd's login page -> the companies of alice's regions -> a company's transactions
  async 'sign-in'(h) {
    await signIn(h);
    await h.screenshot('companies');
    await h.key('Return');
    const transactions = await h.waitFor((s) => /^\/companies\/\d+\/transactions$/.test(s.location) && s.state === 'loaded',
      'the transactions view');
    assert.ok(transactions.items > 0, 'the company has transactions');
    await h.screenshot('transactions');
    assert.equal(count(h.appLog(), /login completed/g), 1, 'one sign-in');
  },

  // Expire Access Token -> Reload -> the API refuses the corrupted token, the app refreshes at
  // Glewlwyd (rotation: a new refresh token) without a browser, and the data loads
  async 'expire-access-token'(h) {
    await signIn(h);
    const runs = browserRuns(h);
    const refused = apiAnswers(h, 401);
    const before = h.status().sequence;
    await h.key('ctrl+shift+a');
    await h.key('F5');
    const after = await h.waitFor((s) => signedIn(s) && s.sequence > before + 1, 'the reloaded companies');
    assert.equal(after.location, '/companies', 'no view change');
    assert.ok(after.items > 0);
    await h.screenshot('companies-after-silent-refresh');
    assert.equal(count(h.appLog(), /access token refreshed/g), 1, 'exactly one refresh');
    assert.equal(apiAnswers(h, 401), refused + 1, 'the API refused the corrupted token once');
    assert.equal(browserRuns(h), runs, 'no browser was opened');
    assert.equal(count(h.appLog(), /login completed/g), 1, 'no new sign-in');
  },

  // Expire Refresh Token -> Reload: Glewlwyd refuses the corrupted refresh token (400, empty
  // body), the app forgets the session and shows the sign-in view; signing in again brings alice
  // back to the company she was at. The second sign-in names her account as login_hint
  // (OIDC Core §3.1.2.1): the ID token's email, as Glewlwyd sends no preferred_username.
  async 'expire-refresh-token'(h) {
    await signIn(h);
    await h.key('Return');
    const place = await h.waitFor((s) => /^\/companies\/\d+\/transactions$/.test(s.location) && s.state === 'loaded', 'a company');
    await h.key('ctrl+shift+f');
    await h.key('F5');
    const ended = await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view after the session ended');
    assert.match(ended.loginMessage, /Your session has ended/);
    assert.equal(ended.user, '');
    assert.equal(h.storedTokens(), null, 'the refused session was forgotten in the keyring');
    await h.screenshot('session-ended');
    h.plan(alice);
    await h.key('ctrl+i');
    const back = await h.waitFor((s) => s.location === place.location && s.state === 'loaded', 'the same company again');
    assert.equal(back.items, place.items);
    assert.equal(back.user, 'Alice Smith');
    await h.screenshot('back-at-the-same-transactions');
    assert.equal(count(h.appLog(), /login completed/g), 2, 'signed in twice');
    assert.deepEqual(loginHints(h), [null, 'alice@example.com'], 'the second sign-in names the account of the first');
  },

  // private-URI mode: Glewlwyd redirects to com.deskauth.desktop:/callback, which the desktop
  // (xdg-open -> the registered .desktop file -> a second deskauth process) hands to the running app
  async 'private-uri'(h) {
    await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
    const handler = execFileSync('xdg-mime', ['query', 'default', 'x-scheme-handler/com.deskauth.desktop'],
      { env: h.appEnv() }).toString().trim();
    assert.equal(handler, 'deskauth-com.deskauth.desktop.desktop', 'the app registered its scheme on first run');
    await signIn(h, { privateUri: true });
    assert.equal(count(h.appLog(), /login completed/g), 1, 'one sign-in');
    assert.doesNotMatch(h.browserLog(), /finished at http:\/\/127\.0\.0\.1/, 'no loopback redirect');
    await h.screenshot('companies-after-private-uri-login');
  },

  // Sign Out with logoutMode "oidc" in private-URI mode: the refresh token is revoked (RFC 7009,
  // with the access token as Bearer, which Glewlwyd needs of a public client), the keyring entry
  // removed, and the browser opens Glewlwyd's end-session page (RP-Initiated Logout §2, with
  // id_token_hint, post_logout_redirect_uri and state); its Logout ends the Glewlwyd session and
  // sends the browser back to com.deskauth.desktop:/logout-callback, which the app accepts by its
  // state. The browser keeps its profile from the sign-in, as a user's does: without Glewlwyd's
  // session cookie its end-session page has no Logout ("Invalid login URL").
  async 'sign-out'(h) {
    await signIn(h, { step: { ...alice, keepProfile: true }, privateUri: true });
    const stored = h.storedTokens();
    assert.ok(stored?.refresh_token, 'the tokens were saved in the Secret Service');
    h.plan({ action: 'glewlwyd-logout', keepProfile: true });
    await h.key('ctrl+shift+o');
    const out = await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view after signing out');
    assert.equal(out.user, '');
    assert.equal(out.loginMessage, 'You have signed out.', 'Glewlwyd confirmed the revocation');
    assert.equal(h.storedTokens(), null, 'the keyring entry is gone');
    await h.waitForBrowserLog(/logged out; handed com\.deskauth\.desktop:\/logout-callback to xdg-open \(exit 0\)/,
      'the browser back at the app after Logout on the end-session page');
    await h.waitForAppLog(/the browser returned from the end-session request/, 'the app accepting the logout return');
    // Sign Out keeps the account name (no token): the view names it and offers Switch Account…
    await h.waitFor((s) => s.rememberedAccount === 'alice@example.com' && s.menu.switchAccount,
      'the sign-in view naming the remembered account, Switch Account offered');
    await h.screenshot('signed-out');
    const endSession = h.appLog().match(/opened the browser for the end-session request/g);
    assert.equal(endSession?.length, 1, 'one end-session request');
    // the revoked refresh token no longer works at Glewlwyd
    const refreshed = await refreshAtGlewlwyd(h, stored.refresh_token);
    assert.equal(refreshed.status, 400, `the revoked refresh token was refused (HTTP ${refreshed.status})`);
    // and nothing the app wrote holds a token (the test browser's own profile is not the app's:
    // its history holds the end-session URL, whose id_token_hint RP-Initiated Logout §2 puts in
    // the query, as any browser's would)
    const written = fs.readdirSync(h.home).filter((f) => f !== 'e2e-browser-profile').map((f) => path.join(h.home, f));
    const leaks = Harness.filesContaining(written, { access: stored.access_token, refresh: stored.refresh_token, id: stored.id_token });
    assert.deepEqual(leaks, [], 'no token in any file written');
  },

  // sign in, quit, start again => companies from the keyring without a browser or a new sign-in
  async restart(h) {
    await signIn(h);
    assert.ok(h.storedTokens()?.refresh_token, 'the tokens were saved in the Secret Service');
    await h.quitApp();
    const runs = browserRuns(h);
    const served = apiAnswers(h, 200);
    await h.startApp();
    const restored = await h.waitFor(signedIn, 'the companies list after the restart');
    assert.equal(restored.user, 'Alice Smith');
    assert.ok(restored.items > 0);
    assert.equal(browserRuns(h), runs, 'no browser was opened');
    assert.match(h.appLog(), /restored a saved session from/);
    assert.equal(count(h.appLog(), /login completed/g), 1, 'no new sign-in after the restart');
    assert.ok(apiAnswers(h, 200) > served, 'the API served the restored session');
    await h.screenshot('companies-after-restart');
  },
};

// A refresh request with `refreshToken` at Glewlwyd's token endpoint, as the app sends it (public
// client, the documented resource): { status, body }.
async function refreshAtGlewlwyd(h, refreshToken) {
  const ca = fs.readFileSync(path.join(h.certs, 'ca.pem'));
  const get = (url, options = {}, body = '') => new Promise((resolve, reject) => {
    const request = https.request(url, { ca, ...options }, (response) => {
      let text = '';
      response.on('data', (d) => { text += d; });
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
  const discovery = JSON.parse((await get(`${h.issuer}/.well-known/openid-configuration`)).body);
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: JSON.parse(fs.readFileSync(h.configFile, 'utf8')).oauth.clientId, resource: h.apiAudience });
  return get(discovery.token_endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, form.toString());
}

const name = process.argv[2];
if (!journeys[name]) {
  console.error(`usage: node glewlwyd-journeys.mjs <${Object.keys(journeys).join('|')}>`);
  process.exit(2);
}
const harness = new Harness(`glewlwyd-${name}`);
const started = Date.now();
try {
  const privateUri = name === 'private-uri' || name === 'sign-out';
  await harness.start({
    provider: 'glewlwyd',
    config: {
      ...(privateUri ? { redirect: { mode: 'private-uri' } } : {}),
      ...(name === 'sign-out' ? { oauth: { logoutMode: 'oidc' } } : {}),
    },
  });
  await journeys[name](harness);
  console.log(`e2e glewlwyd-${name}: passed in ${Date.now() - started} ms; screenshots in ${harness.out}`);
} catch (error) {
  try { await harness.screenshot('failure'); } catch { /* display may be gone */ }
  console.error(`e2e glewlwyd-${name}: FAILED: ${error.stack}`);
  console.error(`screenshots and logs in ${harness.out}`);
  process.exitCode = 1;
} finally {
  await harness.stop();
}
