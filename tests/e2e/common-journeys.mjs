// Journey steps that mean the same on every platform, shared by tests/e2e/journeys.mjs (the Linux
// app) and tests/e2e/wine-journeys.mjs (the Windows app under Wine): `h` is their Harness.
import assert from 'node:assert/strict';

export const alice = { action: 'login', user: 'alice', password: 'Alice-Pass-1' };

export const signedIn = (s) => s.location === '/companies' && s.state === 'loaded';

export async function signIn(h, step = alice) {
  await h.waitFor((s) => s.location === '/login' && s.state === 'idle', 'the sign-in view');
  h.plan(step);
  await h.key('ctrl+i');
  await h.waitFor(signedIn, 'the companies list after signing in');
}

// From the companies list just after the sign-in: open the selected (first) company's
// transactions, go back; the sign-in was one code exchange, with DPoP-bound tokens.
// `onTransactions(status)` checks more of the transactions view (the Linux journey's menu).
export async function firstCompanyAndBack(h, onTransactions = () => {}) {
  await h.key('Return');  // opens the selected (first) company
  const transactions = await h.waitFor((s) => /^\/companies\/\d+\/transactions$/.test(s.location) && s.state === 'loaded',
    'the transactions view');
  assert.ok(transactions.items > 0, 'the company has transactions');
  onTransactions(transactions);
  await h.screenshot('transactions');
  await h.key('alt+Left');
  await h.waitFor(signedIn, 'back at the companies list');
  const stats = await h.stats();
  assert.equal(stats.authorization_code, 1, 'one code exchange');
  // oauth.dpop defaults to if-supported and the dev server offers DPoP (RFC 9449): the code
  // exchange handed out DPoP-bound tokens, and the API accepted them with their proofs.
  assert.equal(stats.dpop_bound_grants, 1, 'the tokens are DPoP-bound');
}

// Expire Access Token -> Reload -> data still loads, one refresh seen by the server
export async function expireAccessToken(h) {
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
  assert.equal(stats.dpop_bound_grants, 1, 'the refresh was made with the DPoP key and kept the binding');
}

// Quit and start again: signed in from the stored session, with no browser and no new login.
export async function restartRestoresTheSession(h) {
  await h.quitApp();
  await h.resetStats();
  const browserRuns = (h.browserLog().match(/ step /g) || []).length;
  await h.startApp();
  const restored = await h.waitFor(signedIn, 'the companies list after the restart');
  assert.equal(restored.user, 'Alice Smith');
  assert.equal((h.browserLog().match(/ step /g) || []).length, browserRuns, 'no browser was opened');
  assert.equal((await h.stats()).authorization_code, 0, 'no new login at the server');
  await h.screenshot('companies-after-restart');
}

// Sign Out after the restart: the sign-in view, nothing left in the secret store (`stored()`
// reads it: null when empty) and the refresh token revoked at the server.
export async function signOutForgetsTheSession(h, stored, store) {
  await h.key('ctrl+shift+o');
  await h.waitFor((s) => s.location === '/login' && s.state === 'idle' && s.user === '', 'the sign-in view after signing out');
  await h.screenshot('signed-out-after-restart');
  assert.equal(stored(), null, `the ${store} entry was deleted`);
  assert.equal((await h.stats()).revoked_refresh_tokens, 1, 'the refresh token was revoked at the server');
}
