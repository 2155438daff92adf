// The "system browser" of the end-to-end tests: the app launches `node browser.mjs <url>` as its
// browser command. Headless Debian Chromium (driven by playwright-core) performs the next step of
// the plan in $DESKAUTH_E2E_PLAN (one JSON object per line, consumed in order):
//   {"action":"login","user":"alice","password":"Alice-Pass-1"}  sign in and approve
//   {"action":"deny","user":"alice","password":"Alice-Pass-1"}   sign in and decline consent
//   {"action":"abandon"}                                        open the page, then close the tab
//   {"action":"glewlwyd-login","user":"alice","password":"Alice-Pass-1"}
//        Glewlwyd's login page (a JavaScript app): the password, every consent box ticked,
//        Grant access when a box changed, then Continue
//   {"action":"glewlwyd-logout"}  Glewlwyd's end-session page: Logout, then back to the app
//   "keepProfile": true (any step): the browser profile, with the provider's session cookie,
//        stays in $HOME between launches instead of a fresh one each time
//   {"action":"device","userCode":"BCDF-GHJK","user":...,"password":...}
//        the other device of RFC 8628: enter the user code at the verification page, confirm,
//        sign in and approve ("decision":"deny" declines)
// A redirect to a private-use URI scheme (com.deskauth.desktop:/callback?...) is handed to
// `xdg-open`, exactly as the desktop hands it to the registered app (headless Chromium cannot
// launch external handlers itself); $DESKAUTH_E2E_URI_OPENER names another program for that (the
// Wine journeys' runs `wine start`, as Windows' shell would).
// Each authorization request's login_hint and prompt go to browser.log.
// Screenshots go to $DESKAUTH_E2E_SHOTS. The dev CA is trusted by its server key only.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const url = process.argv[2];
const planFile = process.env.DESKAUTH_E2E_PLAN;
const shots = process.env.DESKAUTH_E2E_SHOTS || os.tmpdir();
const certs = process.env.DESKAUTH_E2E_CERTS;
const uriOpener = process.env.DESKAUTH_E2E_URI_OPENER || 'xdg-open';

// Hands a private-use URI to the program the desktop (or Wine's shell) would start for it; says
// which program and how it ended, for the log.
function handToApp(uri) {
  const opened = spawnSync(uriOpener, [uri], { stdio: 'ignore', timeout: 120000 });  // a guard against a hang
  return `handed ${uri.split('?')[0]} to ${path.basename(uriOpener)} (exit ${opened.status})`;
}

function log(message) {
  fs.appendFileSync(path.join(shots, 'browser.log'), `${new Date().toISOString()} ${message}\n`);
}

function nextStep() {
  const lines = fs.readFileSync(planFile, 'utf8').split('\n').filter(Boolean);
  if (lines.length === 0) throw new Error('browser plan is empty');
  fs.writeFileSync(planFile, lines.slice(1).map((l) => `${l}\n`).join(''));
  return JSON.parse(lines[0]);
}

function spkiHash(pemFile) {
  const cert = new crypto.X509Certificate(fs.readFileSync(pemFile));
  const der = cert.publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64');
}

async function main() {
  const step = nextStep();
  const logFile = path.join(shots, 'browser.log');
  const attempt = fs.existsSync(logFile) ? (fs.readFileSync(logFile, 'utf8').match(/ step /g) || []).length : 0;
  log(`step ${JSON.stringify({ ...step, password: undefined })}`);
  // the names of the URL's query parameters, never their values (RFC 9126 journeys check them)
  const opened = new URL(url);
  log(`opened ${opened.origin}${opened.pathname} with parameters ${[...opened.searchParams.keys()].join(',')}`);
  const options = {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--ignore-certificate-errors-spki-list=${spkiHash(path.join(certs, 'server.pem'))}`,
    ],
  };
  const viewport = { width: 900, height: 700 };
  // keepProfile: the profile (cookies: the provider's session) stays in $HOME between launches,
  // as a user's browser keeps it from the sign-in to the sign-out; otherwise a fresh one each time
  const browser = step.keepProfile
    ? await chromium.launchPersistentContext(path.join(os.homedir(), 'e2e-browser-profile'), { ...options, viewport })
    : await chromium.launch(options);
  try {
    const page = await browser.newPage(step.keepProfile ? undefined : { viewport });
    let privateRedirect = null;
    // only an absolute URL with a non-web scheme is a private-use redirect (RFC 8252 §7.1);
    // relative and http(s) locations are ordinary navigation
    const privateUse = (location) => /^[a-z][a-z0-9+.-]*:/i.test(location) && !/^(https?|about|data|blob):/i.test(location);
    page.on('response', (response) => {
      const location = response.headers().location;
      if (response.status() >= 300 && response.status() < 400 && location && privateUse(location)) {
        privateRedirect = location;
      }
    });
    // a page's script may send the browser there itself (Glewlwyd's end-session page does)
    page.on('request', (request) => {
      if (request.isNavigationRequest() && privateUse(request.url())) privateRedirect = request.url();
    });
    await page.goto(url);
    const asked = new URL(url).searchParams;
    if (asked.has('response_type')) {  // an authorization request: the account it asks for (OIDC Core §3.1.2.1)
      log(`authorization request login_hint=${JSON.stringify(asked.get('login_hint'))} prompt=${JSON.stringify(asked.get('prompt'))}`);
    }
    if (step.action === 'glewlwyd-logout') {
      // Glewlwyd's end-session page (its login app, prompt=end_session): Logout, then its redirect
      // to post_logout_redirect_uri, a private-scheme URI handed to the app as the desktop would
      const logout = page.locator('button:has-text("Logout")');
      await logout.waitFor();
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-glewlwyd-end-session.png`) });
      await logout.click();
      for (let i = 0; i < 600 && !privateRedirect; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!privateRedirect) throw new Error(`Logout did not return to the app; the page is ${page.url()}`);
      log(`logged out; ${handToApp(privateRedirect)}`);
      return;
    }
    if (step.action === 'device') {
      await page.fill('input[name=user_code]', step.userCode);
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-device-code.png`) });
      await page.click('#submit');
      await page.waitForSelector('#confirm');
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-device-confirm.png`) });
      await page.click('#confirm');
      await page.waitForSelector('input[name=login]');
      await page.fill('input[name=login]', step.user);
      await page.fill('input[name=password]', step.password);
      await page.click('#submit');
      const decision = step.decision === 'deny' ? '#deny' : '#approve';
      await page.waitForSelector(decision);
      await page.click(decision);
      await page.waitForLoadState('load');
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-device-result.png`) });
      log(`device step finished on page "${await page.getAttribute('body', 'data-page')}"`);
      return;
    }
    if (step.action === 'abandon') {
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-abandoned.png`) });
      log('closed the tab without signing in');
      return;
    }
    if (step.action === 'glewlwyd-login') {
      await page.waitForSelector('#username');
      await page.fill('#username', step.user);
      await page.fill('#password', step.password);
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-glewlwyd-login.png`) });
      await page.click('#loginbut');
      const proceed = page.locator('button[title="Continue to client application"]');
      await proceed.waitFor();
      let ticked = 0;
      for (const box of await page.locator('input[id^="grant-"]').all()) {
        if (!(await box.isChecked())) { await box.check(); ticked++; }
      }
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-glewlwyd-consent.png`) });
      if (ticked) await page.click('button:has-text("Grant access")');
      // settled at once (a private-scheme redirect aborts the navigation instead)
      const loopback = page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\//, { timeout: 60000 }).then(() => null, (e) => e);
      await proceed.click();
      for (let i = 0; i < 600 && !privateRedirect && !/^http:\/\/127\.0\.0\.1/.test(page.url()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (privateRedirect) {
        log(`${handToApp(privateRedirect)}, ticked ${ticked}`);
        return;
      }
      const failed = await loopback;
      if (failed) throw failed;
      await page.waitForLoadState('load');
      await page.screenshot({ path: path.join(shots, `browser-${attempt}-glewlwyd-result.png`) });
      log(`finished at ${new URL(page.url()).origin}${new URL(page.url()).pathname}, title "${await page.title()}" (ticked ${ticked})`);
      return;
    }
    await page.fill('input[name=login]', step.user);
    await page.fill('input[name=password]', step.password);
    await page.screenshot({ path: path.join(shots, `browser-${attempt}-login.png`) });
    await page.click('#submit');
    await page.waitForSelector(step.action === 'deny' ? '#deny' : '#approve');
    await page.screenshot({ path: path.join(shots, `browser-${attempt}-consent.png`) });
    // settled to an error value at once, so an aborted navigation (the private-scheme case) is
    // never an unhandled rejection
    const loopback = page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\//, { timeout: 60000 }).then(() => null, (e) => e);
    await page.click(step.action === 'deny' ? '#deny' : '#approve');
    for (let i = 0; i < 600 && !privateRedirect && !/^http:\/\/127\.0\.0\.1/.test(page.url()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (privateRedirect) {
      log(handToApp(privateRedirect));
      return;
    }
    const failed = await loopback;
    if (failed) throw failed;
    await page.waitForLoadState('load');
    await page.screenshot({ path: path.join(shots, `browser-${attempt}-${step.action}-result.png`) });
    log(`finished at ${new URL(page.url()).origin}${new URL(page.url()).pathname}, title "${await page.title()}"`);
  } finally {
    await browser.close();  // playwright removes its fresh profile
  }
}

main().catch((error) => {
  log(`error: ${error.message}`);
  process.exit(1);
});
