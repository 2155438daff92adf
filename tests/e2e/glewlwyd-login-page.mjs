// e2e.glewlwyd-login-page: Glewlwyd's own login page (/login.html, a JavaScript app) in headless
// Debian Chromium, against tools/glewlwyd/server, with a loopback listener of this test as the
// app's redirect URI. It shows two things:
//   1. What an admin and a user meet (docs/configuration.md, Glewlwyd): the password form, then
//      the consent boxes, which start unticked; Continue without ticking grants "openid" only.
//   2. That tests/support/GlewlwydBrowser (the C++ suites' stand-in for this page) sends what the
//      page sends: POST /api/auth/ {username, password}; PUT /api/auth/grant/<client_id> with the
//      ticked scopes space-separated; then the callback URL with g_continue. The page's requests
//      are recorded and compared with that.
// Every server binds 127.0.0.1 and is stopped at the end; a missing tool fails the test.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const certs = path.join(repo, '.devcerts');
const shots = path.join(process.env.DESKAUTH_BUILD_DIR || path.join(repo, 'build/debug'), 'e2e-screenshots', 'glewlwyd-login-page');
fs.rmSync(shots, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
const ca = fs.readFileSync(path.join(certs, 'ca.pem'));
const base64url = (buffer) => buffer.toString('base64url');

// The app's loopback listener: resolves each /callback request's query, answers a small page.
function startListener() {
  const waiting = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    response.writeHead(200, { 'Content-Type': 'text/html' }).end('<title>signed in</title>done');
    if (url.pathname === '/callback') waiting.shift()?.(url.searchParams);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    server,
    port: server.address().port,
    // 120 s: only a guard against a hang (the callback arrives as soon as the page sends it)
    next: () => new Promise((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error('the browser never reached the loopback listener')), 120000);
      waiting.push((query) => { clearTimeout(guard); resolve(query); });
    }),
  })));
}

function startGlewlwyd(port) {
  const child = spawn(path.join(repo, 'tools/glewlwyd/server'), ['--quiet', '--redirect-ports', `${port}-${port}`],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (data) => {
      out += data;
      const match = out.match(/listening on (\S+)/);
      if (match) resolve({ child, issuer: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`tools/glewlwyd/server exited (${code}) before it was ready`)));
  });
}

function post(url, form) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const request = https.request(url, { method: 'POST', ca, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      (response) => {
        let text = '';
        response.on('data', (d) => { text += d; });
        response.on('end', () => resolve({ status: response.statusCode, json: text ? JSON.parse(text) : null }));
      });
    request.on('error', reject);
    request.end(body);
  });
}

// One browser sign-in through the real page; `tick` lists the consent boxes the user ticks.
async function signIn(browser, issuer, listener, tick) {
  const verifier = base64url(crypto.randomBytes(32));
  const state = base64url(crypto.randomBytes(16));
  const nonce = base64url(crypto.randomBytes(16));
  const redirectUri = `http://127.0.0.1:${listener.port}/callback`;
  const authorization = new URL(`${issuer}/auth`);
  authorization.search = new URLSearchParams({
    response_type: 'code', client_id: 'desktop', redirect_uri: redirectUri,
    scope: 'openid profile email offline_access api.read', state, nonce,
    code_challenge: base64url(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  }).toString();

  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  const sent = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') || url.searchParams.has('g_continue')) {
      sent.push({ method: request.method(), path: url.pathname, g_continue: url.searchParams.has('g_continue'),
        body: request.postData() ? JSON.parse(request.postData()) : null });
    }
  });
  const callback = listener.next();
  await page.goto(authorization.toString());
  await page.waitForSelector('#username');
  await page.screenshot({ path: path.join(shots, `${tick.length ? 'ticked' : 'unticked'}-1-password.png`) });
  await page.fill('#username', 'alice');
  await page.fill('#password', 'Alice-Pass-1');
  await page.click('#loginbut');
  await page.waitForSelector('#grant-api\\.read');
  for (const scope of ['profile', 'email', 'offline_access', 'api.read']) {
    assert.equal(await page.isChecked(`#grant-${scope.replace('.', '\\.')}`), false, `the ${scope} box starts unticked`);
  }
  for (const scope of tick) await page.check(`#grant-${scope.replace('.', '\\.')}`);
  await page.screenshot({ path: path.join(shots, `${tick.length ? 'ticked' : 'unticked'}-2-consent.png`) });
  await page.click('button:has-text("Grant access")');
  await page.click('button[title="Continue to client application"]');
  const query = await callback;
  await context.close();

  assert.equal(query.get('state'), state);
  const tokens = await post(`${issuer}/token`, {
    grant_type: 'authorization_code', client_id: 'desktop', code: query.get('code'), redirect_uri: redirectUri, code_verifier: verifier,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
  const idToken = JSON.parse(Buffer.from(tokens.json.id_token.split('.')[1], 'base64url'));
  assert.equal(idToken.nonce, nonce);
  assert.equal(idToken.name, 'Alice Smith');
  return { scope: tokens.json.scope, sent };
}

const listener = await startListener();
let glewlwyd;
let browser;
try {
  glewlwyd = await startGlewlwyd(listener.port);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      `--ignore-certificate-errors-spki-list=${crypto.createHash('sha256').update(
        new crypto.X509Certificate(fs.readFileSync(path.join(certs, 'server.pem'))).publicKey.export({ type: 'spki', format: 'der' }),
      ).digest('base64')}`],
  });
  const started = Date.now();

  // Continue without ticking a box: Glewlwyd grants what was ticked, openid only.
  const unticked = await signIn(browser, glewlwyd.issuer, listener, []);
  assert.equal(unticked.scope, 'openid', 'an unticked consent grants only openid');

  // Every box ticked: the whole scope, and the page's requests are the ones GlewlwydBrowser sends.
  const ticked = await signIn(browser, glewlwyd.issuer, listener, ['profile', 'email', 'offline_access', 'api.read']);
  assert.equal(ticked.scope, 'openid profile email offline_access api.read');
  const login = ticked.sent.find((r) => r.method === 'POST' && r.path === '/api/auth/');
  assert.deepEqual(login?.body, { username: 'alice', password: 'Alice-Pass-1' }, JSON.stringify(ticked.sent));
  const grant = ticked.sent.find((r) => r.method === 'PUT' && r.path === '/api/auth/grant/desktop');
  assert.deepEqual(grant?.body?.scope.split(' ').sort(), ['api.read', 'email', 'offline_access', 'openid', 'profile'],
    JSON.stringify(ticked.sent));
  assert.ok(ticked.sent.some((r) => r.method === 'GET' && r.path === '/api/oidc/auth' && r.g_continue), 'Continue adds g_continue');
  console.log(`e2e glewlwyd-login-page: passed in ${Date.now() - started} ms after start-up; screenshots in ${shots}`);
} catch (error) {
  console.error(`e2e glewlwyd-login-page: FAILED: ${error.stack}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  if (glewlwyd && glewlwyd.child.exitCode === null) {
    const exited = new Promise((resolve) => glewlwyd.child.once('exit', resolve));
    glewlwyd.child.kill('SIGTERM');
    await exited;
  }
  listener.server.close();
}
