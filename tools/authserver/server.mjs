#!/usr/bin/env node
// DeskAuth development OpenID Connect authorization server (oidc-provider on loopback HTTPS).
// See README.md for options, users, clients and the pages tests drive.
import './console-to-stderr.mjs';

import { readFileSync, existsSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { AccountStore } from './accounts.mjs';
import { parseOptions, UsageError, USAGE } from './config.mjs';
import { sendJson, readForm, HttpError } from './http-util.mjs';
import { DEVICE_CODE_GRANT, DevicePollingPace } from './device-polling.mjs';
import { JwtAccessTokenRegistry, JwtIntrospection, looksLikeJwt } from './jwt-introspection.mjs';
import { PushedRequests } from './pushed-requests.mjs';
import { Stats } from './stats.mjs';
// provider.mjs and interactions.mjs (which load oidc-provider) are imported once the port is
// bound, so a busy port or a usage error fails fast with nothing but its own message.

const here = path.dirname(fileURLToPath(import.meta.url));
const HOST = '127.0.0.1';
const EXIT_USAGE = 1;
const EXIT_PORT_BUSY = 2;

function fatal(message, code = 1) {
  process.stderr.write(`deskauth-authserver: ${message}\n`);
  process.exit(code);
}

let options;
try {
  options = parseOptions();
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`deskauth-authserver: ${err.message}\n\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
  throw err;
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

// ---- logging: stderr only, never tokens, codes, secrets, passwords or query strings ----------
const CLEAN = /[^\x20-\x7e]/g;
function field(value) {
  const text = String(value).replace(CLEAN, '?');
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}
function log(event, fields = {}, isError = false) {
  if (options.quiet && !isError) return;
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${field(value)}`);
  process.stderr.write(`${new Date().toISOString()} ${event}${parts.length ? ` ${parts.join(' ')}` : ''}\n`);
}

// ---- TLS material ------------------------------------------------------------------------
const certFile = path.join(options.certs, 'server.pem');
const keyFile = path.join(options.certs, 'server.key');
if (!existsSync(certFile) || !existsSync(keyFile)) {
  fatal(`TLS certificate missing: expected ${certFile} and ${keyFile}. `
    + 'Run scripts/dev-certs first (it creates .devcerts/ with a development CA and server certificate).');
}
let tls;
try {
  tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
} catch (err) {
  fatal(`cannot read TLS files in ${options.certs}: ${err.message}`);
}

// ---- state filled in once the port is known ------------------------------------------------
const accounts = AccountStore.fromFile(path.join(here, 'users.json'));
const stats = new Stats();
const jwtAccessTokens = new JwtAccessTokenRegistry();
const devicePolling = new DevicePollingPace(options.devicePollInterval * 1000);
const pushedRequests = new PushedRequests(options.parTtl);
let app; // { provider, callback, interactions, jwtIntrospection }

function logRequest(req, res, pathname, started) {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (pathname === '/token/introspection' && req.method === 'POST' && res.statusCode === 200) {
      stats.increment('introspections');
    }
    log(req.method, { path: pathname.slice(0, 200), status: res.statusCode, ms: ms.toFixed(1) });
  };
  res.on('finish', finish);
  res.on('close', finish);
}

async function handleTestEndpoint(req, res, pathname) {
  if (pathname === '/test/stats' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, stats);
  } else if (pathname === '/test/expire-pushed-requests' && req.method === 'POST') {
    req.resume();
    sendJson(res, 200, { expired: await pushedRequests.expireAll(app.provider) });
  } else if (pathname === '/test/reset-stats' && req.method === 'POST') {
    req.resume();
    stats.reset();
    sendJson(res, 200, stats);
  } else {
    req.resume();
    sendJson(res, 404, { error: 'not_found' });
  }
}

// The form body of a protocol request passed on to oidc-provider, or null once an OAuth error
// (invalid_request) has been answered because the body could not be read.
async function readProtocolForm(req, res) {
  try {
    return await readForm(req, 56 * 1024);
  } catch (err) {
    sendJson(res, err instanceof HttpError ? err.status : 400, { error: 'invalid_request' });
    return null;
  }
}

// Introspection requests of the API client are read here first: JWT access tokens are answered
// by JwtIntrospection, everything else is handed to oidc-provider with the body already read.
async function handleIntrospection(req, res) {
  const form = await readProtocolForm(req, res);
  if (!form) return;
  const token = form.get('token');
  if (token && looksLikeJwt(token)) {
    sendJson(res, 200, await app.jwtIntrospection.introspect(token));
    return;
  }
  req.body = form.toString(); // oidc-provider reads an already consumed body from req.body
  app.callback(req, res);
}

// Token requests are read here first: a device code polled too soon is answered slow_down
// (device-polling.mjs); everything else goes on to oidc-provider with the body already read.
async function handleTokenRequest(req, res) {
  const form = await readProtocolForm(req, res);
  if (!form) return;
  if (form.get('grant_type') === DEVICE_CODE_GRANT && devicePolling.tooSoon(form.get('device_code'))) {
    stats.increment('device_code_pending');
    log('grant.error', { grant_type: DEVICE_CODE_GRANT, error: 'slow_down' });
    sendJson(res, 400, {
      error: 'slow_down',
      error_description: `poll at most every ${devicePolling.intervalMs / 1000} s, and 5 s less often after each slow_down`,
    });
    return;
  }
  req.body = form.toString(); // oidc-provider reads an already consumed body from req.body
  app.callback(req, res);
}

async function handleRequest(req, res) {
  const started = process.hrtime.bigint();
  const pathname = (req.url ?? '/').split('?')[0];
  logRequest(req, res, pathname, started);
  try {
    if (!app) {
      req.resume();
      sendJson(res, 503, { error: 'temporarily_unavailable' }, { 'Retry-After': '1' });
      return;
    }
    if (options.testEndpoints && pathname.startsWith('/test/')) {
      await handleTestEndpoint(req, res, pathname);
      return;
    }
    if (await app.interactions.handle(req, res, pathname)) return;
    if (pathname === '/token/introspection' && req.method === 'POST'
      && app.jwtIntrospection.authenticates(req)) {
      await handleIntrospection(req, res);
      return;
    }
    if (pathname === '/token' && req.method === 'POST'
      && String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      await handleTokenRequest(req, res);
      return;
    }
    app.callback(req, res);
  } catch (err) {
    log('server_error', { path: pathname, error: err?.stack ?? String(err) }, true);
    if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
    else res.destroy();
  }
}

function wireEvents(provider) {
  const who = (ctx) => ({
    client: ctx?.oidc?.client?.clientId,
    account: ctx?.oidc?.account?.accountId ?? ctx?.oidc?.session?.accountId,
  });
  const problem = (err) => ({
    error: err?.error ?? err?.name,
    description: err?.error_description,
    detail: err?.error_detail,
  });

  provider.on('grant.success', (ctx) => {
    const grantType = ctx.oidc.params?.grant_type;
    if (grantType === 'authorization_code' || grantType === 'refresh_token') stats.increment(grantType);
    if (grantType === DEVICE_CODE_GRANT) stats.increment('device_code');
    // RFC 9449 §5: how many grants handed out DPoP-bound tokens (the e2e journeys check it).
    if (ctx.body?.token_type === 'DPoP') stats.increment('dpop_bound_grants');
    log('grant.success', { grant_type: grantType, ...who(ctx), ...(ctx.body?.token_type ? { token_type: ctx.body.token_type } : {}) });
  });
  provider.on('grant.error', (ctx, err) => {
    const grantType = ctx.oidc?.params?.grant_type;
    if (grantType === 'authorization_code' || grantType === 'refresh_token') stats.increment(`${grantType}_errors`);
    if (grantType === DEVICE_CODE_GRANT) {
      const pending = ['authorization_pending', 'slow_down'].includes(err?.error);
      stats.increment(pending ? 'device_code_pending' : 'device_code_errors');
    }
    log('grant.error', { grant_type: grantType, client: ctx.oidc?.client?.clientId, ...problem(err) });
  });
  provider.on('device_authorization.success', (ctx) => {
    stats.increment('device_authorizations');
    log('device_authorization.success', who(ctx));
  });
  provider.on('pushed_authorization_request.success', (ctx) => {
    stats.increment('pushed_authorization_requests');
    log('pushed_authorization_request.success', who(ctx));
  });
  provider.on('grant.revoked', (ctx) => log('grant.revoked', who(ctx)));
  provider.on('authorization.success', (ctx) => log('authorization.success', who(ctx)));
  provider.on('interaction.started', (ctx, prompt) => log('interaction.started', { prompt: prompt?.name, reasons: prompt?.reasons?.join(','), ...who(ctx) }));
  provider.on('end_session.success', (ctx) => {
    stats.increment('end_sessions');
    log('end_session.success', who(ctx));
  });
  for (const event of [
    'authorization.error', 'end_session.error', 'introspection.error', 'revocation.error',
    'userinfo.error', 'discovery.error', 'jwks.error', 'pushed_authorization_request.error',
    'check_session_origin.error', 'device_authorization.error', 'code_verification.error', 'registration_read.error', 'backchannel.error',
  ]) {
    provider.on(event, (ctx, err) => log(event, { client: ctx?.oidc?.client?.clientId, ...problem(err) }));
  }
  provider.on('server_error', (ctx, err) => log('server_error', { path: ctx?.path, error: err?.stack ?? String(err) }, true));
}

// ---- start --------------------------------------------------------------------------------
const server = https.createServer({ ...tls, minVersion: 'TLSv1.2' }, (req, res) => {
  handleRequest(req, res);
});
server.keepAliveTimeout = 5000;

server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') {
    fatal(`port ${options.port} on ${HOST} is already in use`, EXIT_PORT_BUSY);
  }
  if (err.code === 'EACCES') {
    fatal(`not allowed to listen on port ${options.port} on ${HOST}`, EXIT_PORT_BUSY);
  }
  fatal(`server error: ${err.message}`);
});

server.listen({ host: HOST, port: options.port, exclusive: true }, async () => {
  try {
    const { port } = server.address();
    const issuer = `https://${HOST}:${port}`;
    const [
      { API_CLIENT_ID, API_CLIENT_SECRET, createProvider, generateSigningKeys },
      { InteractionRoutes },
    ] = await Promise.all([import('./provider.mjs'), import('./interactions.mjs')]);
    const keys = await generateSigningKeys();
    const provider = createProvider(issuer, {
      options, accounts, stats, jwks: { keys: keys.keys }, jwtAccessTokens, pushedRequests,
    });
    wireEvents(provider);
    app = {
      provider,
      callback: provider.callback(),
      interactions: new InteractionRoutes({ provider, accounts, stats, log }),
      jwtIntrospection: new JwtIntrospection({
        provider,
        publicKey: keys.rsaPublicKey,
        kid: keys.keys.find((k) => k.alg === 'RS256').kid,
        registry: jwtAccessTokens,
        confidentialClients: new Map([[API_CLIENT_ID, API_CLIENT_SECRET]]),
      }),
    };
    process.stdout.write(`deskauth-authserver listening on ${issuer}\n`);
    log('started', {
      issuer,
      access_token_format: options.accessTokenFormat,
      device_poll_interval: options.devicePollInterval,
      par: options.par,
      par_ttl: options.parTtl,
      access_token_ttl: options.accessTokenTtl,
      refresh_token_ttl: options.refreshTokenTtl,
      id_token_ttl: options.idTokenTtl,
      test_endpoints: options.testEndpoints,
      startup_ms: Math.round(performance.now()),
    });
  } catch (err) {
    fatal(`start-up failed: ${err?.stack ?? err}`);
  }
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  log('stopping', { signal });
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
