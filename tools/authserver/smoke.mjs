#!/usr/bin/env node
// End-to-end smoke test of the development authorization server: starts it as a child process
// and plays browser, desktop client and API over real HTTPS (trusting the development CA).
// Usage: node smoke.mjs   (or npm run smoke). Exit code 0 only when every check passed.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const certsDir = process.env.AUTHSERVER_CERTS ?? path.join(repoRoot, '.devcerts');

const CLIENT_ID = 'deskauth-desktop';
const REDIRECT_URI = 'http://127.0.0.1:8001/callback';
const API_AUTH = `Basic ${Buffer.from('deskauth-api:deskauth-api-dev-secret').toString('base64')}`;
const FULL_SCOPE = 'openid profile email offline_access api.read';

// ---- tiny test harness -------------------------------------------------------------------
let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(err?.stack ?? err).split('\n').join('\n  ')}`);
  }
}

// ---- server processes --------------------------------------------------------------------
const servers = new Set();

function startServer(args = [], { expectListening = true } = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(here, 'server.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AUTHSERVER_CERTS: certsDir },
  });
  servers.add(child);
  const state = { child, stdout: '', stderr: '', exitCode: undefined };
  child.stdout.setEncoding('utf8').on('data', (d) => { state.stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { state.stderr += d; });
  state.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      servers.delete(child);
      state.exitCode = code;
      state.signal = signal;
      resolve(code);
    });
  });
  if (!expectListening) return state;
  state.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 10 s: ${state.stderr}`)), 10000);
    const onData = () => {
      const match = /listening on (\S+)/.exec(state.stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        state.issuer = match[1];
        state.startupMs = Number(process.hrtime.bigint() - started) / 1e6;
        resolve(state);
      }
    };
    child.stdout.on('data', onData);
    state.exited.then((code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${state.stderr}`)); });
  });
  return state;
}

async function stopServer(state) {
  if (state.exitCode !== undefined) return state.exitCode;
  state.child.kill('SIGTERM');
  return state.exited;
}

// ---- HTTP client with a cookie jar ------------------------------------------------------
const agent = new https.Agent({ ca: readFileSync(path.join(certsDir, 'ca.pem')), keepAlive: false });

class CookieJar {
  #cookies = new Map(); // name -> { value, path }

  store(setCookie = []) {
    for (const line of setCookie) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attrs.find((a) => a.toLowerCase().startsWith('path='));
      const expired = attrs.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a)) || attrs.some((a) => /^max-age=0$/i.test(a));
      const key = `${name}|${pathAttr ? pathAttr.slice(5) : '/'}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path: pathAttr ? pathAttr.slice(5) : '/' });
    }
  }

  header(urlPath) {
    return [...this.#cookies.values()]
      .filter((c) => urlPath === c.path || urlPath.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  names() {
    return [...new Set([...this.#cookies.values()].map((c) => c.name))].sort();
  }
}

function request(method, url, { jar, headers = {}, form, body } = {}) {
  const target = new URL(url);
  const payload = form ? new URLSearchParams(form).toString() : body;
  const allHeaders = { ...headers };
  if (payload !== undefined) {
    allHeaders['Content-Type'] ??= 'application/x-www-form-urlencoded';
    allHeaders['Content-Length'] = Buffer.byteLength(payload);
  }
  if (jar) {
    const cookie = jar.header(target.pathname);
    if (cookie) allHeaders.Cookie = cookie;
  }
  return new Promise((resolve, reject) => {
    const req = https.request(target, { method, agent, headers: allHeaders }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (jar) jar.store(res.headers['set-cookie']);
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        if (/json/.test(res.headers['content-type'] ?? '')) {
          try { json = JSON.parse(text); } catch { /* not json */ }
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// Follows redirects inside the authorization server; stops at the first page (200) or at a
// redirect that leaves the server (to the client's redirect URI).
async function follow(issuer, jar, response, fromUrl) {
  let res = response;
  let url = fromUrl;
  for (let hops = 0; hops < 10; hops += 1) {
    if (![302, 303].includes(res.status)) return { res, url };
    const next = new URL(res.headers.location, url);
    if (next.origin !== new URL(issuer).origin) return { res, url, location: next };
    url = next.href;
    res = await request('GET', url, { jar });
  }
  throw new Error('too many redirects');
}

function pageOf(html) {
  return /<body data-page="([a-z-]+)"/.exec(html)?.[1];
}

function formAction(html, id) {
  const match = new RegExp(`<form id="${id}"[^>]*action="([^"]+)"`).exec(html);
  assert.ok(match, `form ${id} not found`);
  return match[1].replace(/&#61;/g, '=').replace(/&amp;/g, '&');
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function authorizationUrl(discovery, { scope = FULL_SCOPE, challenge, state, nonce, extra = {} }) {
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    // OpenID Connect Core §11: offline_access is granted only with prompt=consent (as DeskAuth sends).
    ...(scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
    ...extra,
  }).toString();
  return url.href;
}

// Runs an authorization request through the pages. steps: { login: [{login,password}...],
// consent: 'approve' | 'deny' }. Returns { location, pages, verifier, state, nonce }.
async function authorize(server, discovery, jar, { scope, logins = [], consent = 'approve', extra } = {}) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const start = authorizationUrl(discovery, { scope, challenge, state, nonce, extra });
  let step = await follow(server.issuer, jar, await request('GET', start, { jar }), start);
  const pages = [];
  const attempts = [...logins];
  while (!step.location) {
    assert.equal(step.res.status, 200, `unexpected ${step.res.status} at ${step.url}: ${step.res.text.slice(0, 300)}`);
    const page = pageOf(step.res.text);
    pages.push(page);
    let res;
    if (page === 'login') {
      const credentials = attempts.shift();
      assert.ok(credentials, 'login page shown but no credentials left');
      const action = new URL(formAction(step.res.text, 'login-form'), step.url).href;
      res = await request('POST', action, { jar, form: credentials });
      step = await follow(server.issuer, jar, res, action);
    } else if (page === 'consent') {
      const action = new URL(formAction(step.res.text, 'consent-form'), step.url).href;
      res = await request('POST', action, { jar, form: { decision: consent } });
      step = await follow(server.issuer, jar, res, action);
    } else {
      throw new Error(`unexpected page ${page}: ${step.res.text.slice(0, 300)}`);
    }
  }
  return { location: step.location, pages, verifier, state, nonce };
}

function decodeJwt(jwt) {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  };
}

async function verifyJwt(discovery, jwt) {
  const { header } = decodeJwt(jwt);
  const jwks = (await request('GET', discovery.jwks_uri)).json;
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `no JWKS key with kid ${header.kid}`);
  assert.equal(jwk.alg, header.alg);
  const [h, p, s] = jwt.split('.');
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
  assert.ok(ok, 'JWT signature does not verify with the JWKS key');
}

function tokenRequest(discovery, form) {
  return request('POST', discovery.token_endpoint, { form: { client_id: CLIENT_ID, ...form } });
}

function exchange(discovery, code, verifier) {
  return tokenRequest(discovery, {
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier,
  });
}

function introspect(discovery, token, hint) {
  return request('POST', discovery.introspection_endpoint, {
    headers: { Authorization: API_AUTH },
    form: hint ? { token, token_type_hint: hint } : { token },
  });
}

async function stats(server) {
  return (await request('GET', `${server.issuer}/test/stats`)).json;
}
async function resetStats(server) {
  return request('POST', `${server.issuer}/test/reset-stats`);
}

function codeFrom(location, expectedState, issuer) {
  const params = location.searchParams;
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  assert.equal(params.get('state'), expectedState, 'state mismatch');
  assert.equal(params.get('iss'), issuer, 'iss (RFC 9207) missing or wrong');
  assert.equal(params.get('error'), null, `authorization error ${params.get('error')}: ${params.get('error_description')}`);
  assert.ok(params.get('code'), 'no code');
  return params.get('code');
}

// ---- the checks ---------------------------------------------------------------------------
async function main() {
  execFileSync(path.join(repoRoot, 'scripts', 'dev-certs'), [certsDir], { stdio: ['ignore', 'ignore', 'inherit'] });

  const server = await startServer(['--port', '0', '--test-endpoints']).ready;
  console.log(`# server at ${server.issuer}, started in ${server.startupMs.toFixed(0)} ms`);
  const secrets = ['Alice-Pass-1', 'Bob-Pass-1', 'Carol-Pass-1', 'wrong-password-123', 'deskauth-api-dev-secret'];
  let discovery;

  await check('stdout has exactly the listening line', () => {
    assert.match(server.stdout, /^deskauth-authserver listening on https:\/\/127\.0\.0\.1:\d+\n$/);
  });

  await check('discovery document', async () => {
    const res = await request('GET', `${server.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    discovery = res.json;
    assert.equal(discovery.issuer, server.issuer);
    assert.equal(discovery.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    for (const endpoint of ['revocation_endpoint', 'introspection_endpoint', 'end_session_endpoint', 'userinfo_endpoint', 'jwks_uri']) {
      assert.ok(discovery[endpoint]?.startsWith(server.issuer), `${endpoint} missing`);
    }
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.ok(discovery.scopes_supported.includes('api.read'));
  });
  if (!discovery) throw new Error('no discovery document, giving up');

  const jar = new CookieJar();
  let tokens;
  let first;
  await check('login (wrong password first), consent, redirect with state and iss', async () => {
    await resetStats(server);
    first = await authorize(server, discovery, jar, {
      logins: [{ login: 'alice', password: 'wrong-password-123' }, { login: 'alice', password: 'Alice-Pass-1' }],
    });
    assert.deepEqual(first.pages, ['login', 'login', 'consent']);
    first.code = codeFrom(first.location, first.state, server.issuer);
    secrets.push(first.code);
    assert.ok(jar.names().includes('_session'), `cookies: ${jar.names()}`);
  });

  await check('wrong password re-renders the form with an error (HTTP 200)', async () => {
    const { challenge } = pkce();
    const freshJar = new CookieJar();
    const url = authorizationUrl(discovery, { challenge, state: 's', nonce: 'n' });
    const step = await follow(server.issuer, freshJar, await request('GET', url, { jar: freshJar }), url);
    assert.equal(pageOf(step.res.text), 'login');
    assert.match(step.res.text, /id="submit"/);
    const action = new URL(formAction(step.res.text, 'login-form'), step.url).href;
    const res = await request('POST', action, { jar: freshJar, form: { login: 'bob', password: 'nope<script>' } });
    assert.equal(res.status, 200);
    assert.match(res.text, /Invalid username or password/);
    assert.equal(pageOf(res.text), 'login');
    const big = await request('POST', action, { jar: freshJar, form: { login: 'bob', password: 'x'.repeat(20000) } });
    assert.equal(big.status, 413, 'oversized form must be refused');
  });

  await check('code exchange: JWT access token for urn:deskauth:api with regions and name', async () => {
    const res = await exchange(discovery, first.code, first.verifier);
    assert.equal(res.status, 200, res.text);
    tokens = res.json;
    secrets.push(tokens.access_token, tokens.refresh_token, tokens.id_token);
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 300);
    assert.ok(tokens.refresh_token, 'no refresh token issued for offline_access with prompt=consent');
    const at = decodeJwt(tokens.access_token);
    assert.equal(at.header.alg, 'RS256');
    assert.equal(at.header.typ, 'at+jwt');
    assert.equal(at.payload.aud, 'urn:deskauth:api');
    assert.equal(at.payload.iss, server.issuer);
    assert.equal(at.payload.sub, 'user-alice');
    assert.equal(at.payload.client_id, CLIENT_ID);
    assert.equal(at.payload.scope, 'api.read');
    assert.deepEqual(at.payload.regions, ['Europe', 'USA']);
    assert.equal(at.payload.name, 'Alice Smith');
    assert.equal(at.payload.exp - at.payload.iat, 300);
    await verifyJwt(discovery, tokens.access_token);
    const id = decodeJwt(tokens.id_token);
    assert.equal(id.header.alg, 'RS256');
    assert.equal(id.payload.aud, CLIENT_ID);
    assert.equal(id.payload.nonce, first.nonce);
    assert.equal(id.payload.sub, 'user-alice');
    assert.equal(id.payload.email, 'alice@example.com');
    assert.equal(id.payload.name, 'Alice Smith');
    assert.equal(id.payload.exp - id.payload.iat, 300);
    await verifyJwt(discovery, tokens.id_token);
  });

  await check('API client introspects the JWT access token and the refresh token', async () => {
    const res = await introspect(discovery, tokens.access_token);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.active, true);
    assert.equal(res.json.aud, 'urn:deskauth:api');
    assert.deepEqual(res.json.regions, ['Europe', 'USA']);
    assert.equal(res.json.sub, 'user-alice');
    const rt = await introspect(discovery, tokens.refresh_token, 'refresh_token');
    assert.equal(rt.json.active, true);
    const bad = await request('POST', discovery.introspection_endpoint, {
      headers: { Authorization: `Basic ${Buffer.from('deskauth-api:wrong').toString('base64')}` },
      form: { token: tokens.access_token },
    });
    assert.equal(bad.status, 401);
  });

  let rotated;
  await check('refresh rotates the refresh token, the old one is then invalid_grant', async () => {
    const res = await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(res.status, 200, res.text);
    rotated = res.json;
    secrets.push(rotated.access_token, rotated.refresh_token);
    assert.ok(rotated.refresh_token && rotated.refresh_token !== tokens.refresh_token, 'refresh token not rotated');
    assert.equal(decodeJwt(rotated.access_token).payload.aud, 'urn:deskauth:api');
    assert.deepEqual(decodeJwt(rotated.access_token).payload.regions, ['Europe', 'USA']);
    assert.ok(rotated.id_token);
  });

  await check('revoking the rotated refresh token; afterwards refresh fails and the access token is inactive', async () => {
    const res = await request('POST', discovery.revocation_endpoint, {
      form: { client_id: CLIENT_ID, token: rotated.refresh_token, token_type_hint: 'refresh_token' },
    });
    assert.equal(res.status, 200, res.text);
    const again = await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
    assert.equal(again.status, 400);
    assert.equal(again.json.error, 'invalid_grant');
    const old = await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(old.json.error, 'invalid_grant');
    const at = await introspect(discovery, rotated.access_token);
    assert.equal(at.json.active, false, 'access token of a revoked grant must be inactive');
  });

  await check('/test/stats counts exactly what happened', async () => {
    const s = await stats(server);
    assert.equal(s.authorization_code, 1);
    assert.equal(s.refresh_token, 1);
    assert.equal(s.refresh_token_errors, 2);
    assert.equal(s.revocations, 1);
    assert.equal(s.revoked_refresh_tokens, 1);
    assert.equal(s.logins, 1);
    assert.equal(s.failed_logins, 2); // this flow's wrong password + the separate wrong-password check
    assert.equal(s.introspections, 3); // the request with a wrong client secret (401) is not counted
    assert.equal(s.end_sessions, 0);
  });

  await check('existing session: no login page; consent deny -> error=access_denied', async () => {
    await resetStats(server);
    const flow = await authorize(server, discovery, jar, { consent: 'deny' });
    assert.deepEqual(flow.pages, ['consent']);
    const params = flow.location.searchParams;
    assert.equal(params.get('error'), 'access_denied');
    assert.equal(params.get('state'), flow.state);
    assert.equal(params.get('iss'), server.issuer);
    assert.equal(params.get('code'), null);
    assert.equal((await stats(server)).logins, 0);
  });

  await check('refresh token reuse detection revokes the whole grant', async () => {
    const flow = await authorize(server, discovery, jar, {});
    const code = codeFrom(flow.location, flow.state, server.issuer);
    const t1 = (await exchange(discovery, code, flow.verifier)).json;
    const t2 = (await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: t1.refresh_token })).json;
    secrets.push(code, t1.access_token, t1.refresh_token, t2.access_token, t2.refresh_token);
    const reuse = await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: t1.refresh_token });
    assert.equal(reuse.json.error, 'invalid_grant');
    const next = await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: t2.refresh_token });
    assert.equal(next.json.error, 'invalid_grant');
    const replay = await exchange(discovery, code, flow.verifier);
    assert.equal(replay.json.error, 'invalid_grant');
  });

  await check('without api.read: opaque access token usable at userinfo; refresh works', async () => {
    const flow = await authorize(server, discovery, jar, { scope: 'openid profile email offline_access' });
    const code = codeFrom(flow.location, flow.state, server.issuer);
    const res = await exchange(discovery, code, flow.verifier);
    assert.equal(res.status, 200, res.text);
    const t = res.json;
    secrets.push(code, t.access_token, t.refresh_token);
    assert.equal(t.access_token.split('.').length, 1, 'userinfo access token should be opaque');
    assert.ok(t.refresh_token);
    const me = await request('GET', discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${t.access_token}` } });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.sub, 'user-alice');
    assert.equal(me.json.email, 'alice@example.com');
    assert.deepEqual(me.json.regions, ['Europe', 'USA']);
    const r = await tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
    assert.equal(r.status, 200, r.text);
    secrets.push(r.json.access_token, r.json.refresh_token);
  });

  await check('PKCE is required and plain is refused', async () => {
    const { challenge } = pkce();
    for (const extra of [{ code_challenge_method: 'plain' }, { code_challenge: '' }]) {
      const url = authorizationUrl(discovery, { challenge, state: 'st', nonce: 'n', extra });
      const res = await request('GET', url, { jar: new CookieJar() });
      assert.equal(res.status, 303);
      const location = new URL(res.headers.location);
      assert.equal(location.searchParams.get('error'), 'invalid_request', location.href);
    }
  });

  await check('explicit resource=urn:deskauth:api works; an unknown resource is invalid_target', async () => {
    const flow = await authorize(server, discovery, jar, { extra: { resource: 'urn:deskauth:api' } });
    const code = codeFrom(flow.location, flow.state, server.issuer);
    const t = (await exchange(discovery, code, flow.verifier)).json;
    secrets.push(code, t.access_token, t.refresh_token);
    assert.equal(decodeJwt(t.access_token).payload.aud, 'urn:deskauth:api');
    const { challenge } = pkce();
    const url = authorizationUrl(discovery, { challenge, state: 'st', nonce: 'n', extra: { resource: 'urn:other:api' } });
    const res = await request('GET', url, { jar: new CookieJar() });
    assert.equal(new URL(res.headers.location).searchParams.get('error'), 'invalid_target');
  });

  await check('interaction page without its cookie is a 400 error page', async () => {
    const res = await request('GET', `${server.issuer}/interaction/doesnotexist123`);
    assert.equal(res.status, 400);
    assert.equal(pageOf(res.text), 'error');
    const post = await request('POST', `${server.issuer}/interaction/doesnotexist123/login`, { form: { login: 'a', password: 'b' } });
    assert.equal(post.status, 400);
  });

  await check('login page cancel -> error=access_denied', async () => {
    const fresh = new CookieJar();
    const { challenge } = pkce();
    const url = authorizationUrl(discovery, { challenge, state: 'cancel-state', nonce: 'n' });
    const step = await follow(server.issuer, fresh, await request('GET', url, { jar: fresh }), url);
    const action = new URL(formAction(step.res.text, 'cancel-form'), step.url).href;
    const done = await follow(server.issuer, fresh, await request('POST', action, { jar: fresh, form: {} }), action);
    assert.equal(done.location.searchParams.get('error'), 'access_denied');
    assert.equal(done.location.searchParams.get('state'), 'cancel-state');
  });

  await check('RP-initiated logout with confirmation page and post-logout redirect', async () => {
    await resetStats(server);
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: 'http://127.0.0.1:8001/logout-callback',
      state: 'bye',
    }).toString();
    const page = await request('GET', url.href, { jar });
    assert.equal(page.status, 200);
    assert.equal(pageOf(page.text), 'logout');
    assert.match(page.text, /id="logout"/);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)[1];
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.text)[1];
    const res = await request('POST', new URL(action, url).href, { jar, form: { xsrf, logout: 'yes' } });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, 'http://127.0.0.1:8001/logout-callback?state=bye');
    assert.equal((await stats(server)).end_sessions, 1);
    const flow = await authorize(server, discovery, jar, { logins: [{ login: 'bob', password: 'Bob-Pass-1' }] });
    assert.deepEqual(flow.pages, ['login', 'consent'], 'session must be gone after logout');
    const t = (await exchange(discovery, codeFrom(flow.location, flow.state, server.issuer), flow.verifier)).json;
    secrets.push(t.access_token, t.refresh_token);
    assert.deepEqual(decodeJwt(t.access_token).payload.regions, ['Asia']);
  });

  await check('logout without post_logout_redirect_uri ends on our success page', async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({ client_id: CLIENT_ID }).toString();
    const page = await request('GET', url.href, { jar });
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)[1];
    const res = await request('POST', new URL('/session/end/confirm', url).href, { jar, form: { xsrf, logout: 'yes' } });
    const done = await follow(server.issuer, jar, res, url.href);
    assert.equal(pageOf(done.res.text), 'logged-out');
  });

  await check('carol (no regions) gets an empty regions array', async () => {
    const fresh = new CookieJar();
    const flow = await authorize(server, discovery, fresh, { logins: [{ login: 'carol', password: 'Carol-Pass-1' }] });
    const t = (await exchange(discovery, codeFrom(flow.location, flow.state, server.issuer), flow.verifier)).json;
    secrets.push(t.access_token, t.refresh_token);
    assert.deepEqual(decodeJwt(t.access_token).payload.regions, []);
  });

  await check('a busy port exits with code 2 and names the port', async () => {
    const port = new URL(server.issuer).port;
    const busy = startServer(['--port', port], { expectListening: false });
    const code = await busy.exited;
    assert.equal(code, 2, busy.stderr);
    assert.equal(busy.stderr, `deskauth-authserver: port ${port} on 127.0.0.1 is already in use\n`);
    assert.equal(busy.stdout, '');
  });

  await check('missing certificates: non-zero exit pointing at scripts/dev-certs', async () => {
    const missing = startServer(['--port', '0', '--certs', path.join(here, 'no-such-dir')], { expectListening: false });
    const code = await missing.exited;
    assert.notEqual(code, 0);
    assert.match(missing.stderr, /scripts\/dev-certs/);
  });

  await check('logs contain no tokens, codes, passwords, secrets or query strings', () => {
    const leaks = secrets.filter((s) => s && server.stderr.includes(s));
    assert.deepEqual(leaks.map((s) => `${s.slice(0, 12)}...`), []);
    assert.doesNotMatch(server.stderr, /[?&](code|state|nonce|code_challenge|id_token_hint)=/);
    assert.match(server.stderr, /grant\.success grant_type=authorization_code client=deskauth-desktop account=user-alice/);
    assert.match(server.stderr, /GET path=\/auth status=303 ms=/);
  });

  if (process.env.SMOKE_SHOW_LOG) process.stderr.write(server.stderr);

  await check('SIGTERM stops the server with exit code 0', async () => {
    assert.equal(await stopServer(server), 0);
  });

  // Opaque access tokens for the API: introspection is the only way to read them.
  await check('--access-token-format opaque: API introspects an audience-bound opaque token', async () => {
    const opaque = await startServer(['--port', '0', '--access-token-format', 'opaque', '--access-token-ttl', '120']).ready;
    try {
      const disc = (await request('GET', `${opaque.issuer}/.well-known/openid-configuration`)).json;
      const flow = await authorize(opaque, disc, new CookieJar(), { logins: [{ login: 'alice', password: 'Alice-Pass-1' }] });
      const res = await exchange(disc, codeFrom(flow.location, flow.state, opaque.issuer), flow.verifier);
      const t = res.json;
      assert.equal(t.access_token.split('.').length, 1);
      assert.equal(t.expires_in, 120);
      const info = await introspect(disc, t.access_token);
      assert.equal(info.json.active, true);
      assert.equal(info.json.aud, 'urn:deskauth:api');
      assert.equal(info.json.scope, 'api.read');
      assert.deepEqual(info.json.regions, ['Europe', 'USA']);
      assert.equal(info.json.name, 'Alice Smith');
      const r = await tokenRequest(disc, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
      assert.equal(r.status, 200, r.text);
      await request('POST', disc.revocation_endpoint, { form: { client_id: CLIENT_ID, token: r.json.refresh_token } });
      assert.equal((await introspect(disc, r.json.access_token)).json.active, false);
      const notTest = await request('GET', `${opaque.issuer}/test/stats`);
      assert.equal(notTest.status, 404, 'test endpoints must be off without --test-endpoints');
    } finally {
      assert.equal(await stopServer(opaque), 0);
    }
  });

  await check('start-up time (spawn -> listening line) over 5 runs is under 2 s; SIGINT exits 0 too', async () => {
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      const s = await startServer(['--port', '0', '--quiet']).ready;
      times.push(s.startupMs);
      if (i % 2 === 1) s.child.kill('SIGINT');
      assert.equal(await stopServer(s), 0);
      assert.equal(s.stderr, '', '--quiet must keep stderr empty');
    }
    console.log(`# start-up ms: ${times.map((t) => t.toFixed(0)).join(', ')}`);
    assert.ok(Math.max(...times) < 2000);
  });
}

try {
  await main();
} catch (err) {
  failed += 1;
  console.log(`not ok - smoke aborted: ${err?.stack ?? err}`);
} finally {
  for (const child of servers) child.kill('SIGTERM');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
