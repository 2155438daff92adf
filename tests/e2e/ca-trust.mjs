// e2e.demo-ca-trust: the demo's certificate step, through the real browser. scripts/dev-ca-trust
// (what `scripts/demo --trust-dev-ca` runs) puts the development CA into the user's NSS database;
// Chromium, started with that user's HOME and no flag about certificates, then opens the
// development sign-in server without a warning; `untrust` takes it away again. Before the trust
// step the same visit must be refused, so the test cannot pass on a browser that trusts anything.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deskauth-ca-trust-'));
const home = path.join(work, 'home');
const certs = path.join(work, 'certs');
const shots = path.join(process.env.DESKAUTH_BUILD_DIR || work, 'e2e-screenshots', 'demo-ca-trust');
fs.mkdirSync(home);
fs.mkdirSync(shots, { recursive: true });
const env = { ...process.env, HOME: home };

function trustScript(action) {
  return execFileSync(path.join(repo, 'scripts/dev-ca-trust'), [action, certs], { env }).toString().trim();
}

function startServer() {
  const child = spawn(process.execPath, [path.join(repo, 'tools/authserver/server.mjs'), '--port', '0', '--quiet', '--certs', certs],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (\S+)/);
      if (match) resolve({ child, issuer: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`the authorization server exited (${code})`)));
  });
}

// Opens `url` in a new headless Chromium of the test user; the page's title, or the error.
async function visit(url, shot) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true, env,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    try {
      const response = await page.goto(url, { timeout: 120000 });
      await page.screenshot({ path: path.join(shots, `${shot}.png`) });
      return { status: response.status(), text: await page.textContent('body') };
    } catch (e) {
      return { error: e.message };
    }
  } finally {
    await browser.close();
  }
}

let server;
try {
  execFileSync(path.join(repo, 'scripts/dev-certs'), [certs], { stdio: 'ignore' });
  server = await startServer();
  const url = `${server.issuer}/.well-known/openid-configuration`;

  const before = await visit(url, 'before-trust');
  assert.match(before.error || '', /ERR_CERT_AUTHORITY_INVALID/, `refused before the trust step (got ${JSON.stringify(before)})`);

  assert.match(trustScript('trust'), /now trust the development CA/);
  execFileSync(path.join(repo, 'scripts/dev-ca-trust'), ['status', certs], { env });  // exit 0: trusted
  const trusted = await visit(url, 'trusted');
  assert.equal(trusted.error, undefined, `no certificate warning once trusted (got ${trusted.error})`);
  assert.equal(trusted.status, 200);
  assert.equal(JSON.parse(trusted.text).issuer, server.issuer);
  // the sign-in page itself, as the demo's user sees it (an authorization request for the demo client)
  const signIn = await visit(`${server.issuer}/auth?client_id=deskauth-desktop&response_type=code&scope=openid` +
    `&redirect_uri=${encodeURIComponent('http://127.0.0.1:8001/callback')}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
  'sign-in-page-trusted');
  assert.equal(signIn.error, undefined, `the sign-in page opens without a warning (got ${signIn.error})`);

  assert.match(trustScript('untrust'), /removed/);
  const after = await visit(url, 'after-untrust');
  assert.match(after.error || '', /ERR_CERT_AUTHORITY_INVALID/, `refused again after untrust (got ${JSON.stringify(after)})`);
  console.log('e2e demo-ca-trust: passed');
} catch (e) {
  console.error(`e2e demo-ca-trust: FAILED: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  if (server) server.child.kill();
  fs.rmSync(work, { recursive: true, force: true });
}
