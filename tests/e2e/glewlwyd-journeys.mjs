// End-to-end journeys against Glewlwyd (tools/glewlwyd/server) with the real app, Chromium on
// Glewlwyd's own login page, the real API and gnome-keyring. The app runs with the desktop
// settings docs/configuration.md gives for Glewlwyd (oauth.resource among them), the API with that
// resource as its audience. Glewlwyd has no test counters: what happened at the server is read
// from the app's and the API's logs. Usage: node glewlwyd-journeys.mjs <name>
import assert from 'node:assert/strict';
import { Harness } from './harness.mjs';

const alice = { action: 'glewlwyd-login', user: 'alice', password: 'Alice-Pass-1' };
const signedIn = (s) => s.location === '/companies' && s.state === 'loaded';
const count = (text, pattern) => (text.match(pattern) || []).length;
const browserRuns = (h) => count(h.browserLog(), / step /g);
const apiAnswers = (h, status) => count(h.apiLog(), new RegExp(`path=/api/companies status=${status} `, 'g'));

async function signIn(h) {
  await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
  await h.screenshot('sign-in-view');
  h.plan(alice);
  await h.key('ctrl+i');
  const companies = await h.waitFor(signedIn, 'the companies list after signing in at Glewlwyd');
  assert.equal(companies.user, 'Alice Smith');
  // alice's regions (Europe, USA) reach the API as Glewlwyd's comma-joined string claim
  assert.ok(companies.items > 0, 'alice sees companies');
  // the browser logs its last page once loaded, which may be after the app moved on: a wait
  await h.waitForBrowserLog(/finished at http:\/\/127\.0\.0\.1:800[1-3]\/callback/, 'the browser back at the app');
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

const name = process.argv[2];
if (!journeys[name]) {
  console.error(`usage: node glewlwyd-journeys.mjs <${Object.keys(journeys).join('|')}>`);
  process.exit(2);
}
const harness = new Harness(`glewlwyd-${name}`);
const started = Date.now();
try {
  await harness.start({ provider: 'glewlwyd' });
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
