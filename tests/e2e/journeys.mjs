// End-to-end journeys through the real app, servers and browser. Usage: node journeys.mjs <name>
// Each journey saves screenshots of every view it passes through and prints the folder.
import assert from 'node:assert/strict';
import { Harness } from './harness.mjs';

const alice = { action: 'login', user: 'alice', password: 'Alice-Pass-1' };

const signedIn = (s) => s.location === '/companies' && s.state === 'loaded';

async function signIn(h, step = alice) {
  await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
  h.plan(step);
  await h.key('ctrl+i');
  await h.waitFor(signedIn, 'the companies list after signing in');
}

const journeys = {
  // sign in -> companies -> transactions -> back
  async 'sign-in'(h) {
    await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
    await h.screenshot('sign-in-view');
    h.plan(alice);
    await h.key('ctrl+i');
    await h.waitFor((s) => s.state === 'waiting', 'the waiting state');
    await h.screenshot('sign-in-waiting');
    const companies = await h.waitFor(signedIn, 'the companies list');
    assert.equal(companies.user, 'Alice Smith');
    assert.ok(companies.items > 0, 'alice sees companies');
    assert.equal(companies.active, true, 'the window is in front after the login');
    await h.screenshot('companies');
    await h.key('Return');  // opens the selected (first) company
    const transactions = await h.waitFor((s) => /^\/companies\/\d+\/transactions$/.test(s.location) && s.state === 'loaded',
      'the transactions view');
    assert.ok(transactions.items > 0, 'the company has transactions');
    await h.screenshot('transactions');
    await h.key('alt+Left');
    await h.waitFor(signedIn, 'back at the companies list');
    const stats = await h.stats();
    assert.equal(stats.authorization_code, 1, 'one code exchange');
  },

  // Expire Access Token -> Reload -> data still loads, one refresh seen by the server
  async 'expire-access-token'(h) {
    await signIn(h);
    await h.resetStats();
    const before = h.status().sequence;
    await h.key('ctrl+shift+a');
    await h.key('F5');
    const after = await h.waitFor((s) => signedIn(s) && s.sequence > before + 1, 'the reloaded companies');
    assert.equal(after.location, '/companies', 'no view change');
    await h.screenshot('companies-after-silent-refresh');
    const stats = await h.stats();
    assert.equal(stats.refresh_token, 1, 'exactly one refresh at the server');
    assert.equal(stats.refresh_token_errors, 0);
    assert.equal(stats.authorization_code, 0, 'no new login');
  },

  // Expire Refresh Token -> Reload -> sign-in view -> sign in -> same transactions view
  async 'expire-refresh-token'(h) {
    await signIn(h);
    await h.key('Return');
    const place = await h.waitFor((s) => /transactions$/.test(s.location) && s.state === 'loaded', 'a company');
    await h.key('ctrl+shift+f');
    await h.key('F5');
    await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view after the session ended');
    await h.screenshot('session-ended');
    h.plan(alice);
    await h.key('ctrl+i');
    const back = await h.waitFor((s) => s.location === place.location && s.state === 'loaded', 'the same company again');
    assert.equal(back.items, place.items);
    await h.screenshot('back-at-the-same-transactions');
  },

  // Sign Out -> sign-in view, refresh token revoked
  async 'sign-out'(h) {
    await signIn(h);
    await h.resetStats();
    await h.key('ctrl+shift+o');
    const out = await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view after signing out');
    assert.equal(out.user, '');
    await h.screenshot('signed-out');
    const stats = await h.stats();
    assert.equal(stats.revoked_refresh_tokens, 1, 'the refresh token was revoked at the server');
  },

  // the user closes the tab, then cancels: no login, port freed, back to idle
  async cancel(h) {
    await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
    h.plan({ action: 'abandon' });
    await h.key('ctrl+i');
    await h.waitFor((s) => s.state === 'waiting', 'the waiting state');
    await h.screenshot('waiting-before-cancel');
    await h.key('Escape');
    const idle = await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'idle after cancel');
    assert.equal(idle.user, '');
    await h.screenshot('cancelled');
    const stats = await h.stats();
    assert.equal(stats.authorization_code, 0);
  },

  // the API is down: a friendly error view with an error ID; Reload recovers when it is back
  async 'error-view'(h) {
    await signIn(h);
    h.stopApi();
    await h.key('F5');
    const error = await h.waitFor((s) => s.location === '/error', 'the error view');
    assert.match(error.errorId, /^DA-[0-9A-Z]{6}$/);
    await h.screenshot('error');
    await h.startApi();
    await h.key('F5');
    await h.waitFor(signedIn, 'the companies after the API is back');
  },
};

const name = process.argv[2];
if (!journeys[name]) {
  console.error(`usage: node journeys.mjs <${Object.keys(journeys).join('|')}>`);
  process.exit(2);
}
const harness = new Harness(name);
try {
  await harness.start();
  await journeys[name](harness);
  console.log(`e2e ${name}: passed; screenshots in ${harness.out}`);
} catch (error) {
  try { await harness.screenshot('failure'); } catch { /* display may be gone */ }
  console.error(`e2e ${name}: FAILED: ${error.stack}`);
  console.error(`screenshots and logs in ${harness.out}`);
  process.exitCode = 1;
} finally {
  await harness.stop();
}
