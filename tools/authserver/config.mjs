// Command-line and environment options of the development authorization server.
// Every option can come from the environment; a command-line flag wins over the environment.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

export const USAGE = `Usage: node tools/authserver/server.mjs [options]

  --port N                    listen port on 127.0.0.1, 0 = any free port   (AUTHSERVER_PORT, 8443)
  --certs DIR                 directory with server.pem/server.key          (AUTHSERVER_CERTS, <repo>/.devcerts)
  --access-token-ttl SECONDS  access token lifetime                         (AUTHSERVER_ACCESS_TOKEN_TTL, 300)
  --refresh-token-ttl SECONDS refresh token lifetime                        (AUTHSERVER_REFRESH_TOKEN_TTL, 43200)
  --id-token-ttl SECONDS      ID token lifetime                             (AUTHSERVER_ID_TOKEN_TTL, 300)
  --access-token-format F     jwt | opaque, for tokens of the DeskAuth API  (AUTHSERVER_ACCESS_TOKEN_FORMAT, jwt)
  --device-poll-interval SECONDS  the device-code polling pace it enforces with slow_down
                              (RFC 8628 §3.5; tests choose a long one)      (AUTHSERVER_DEVICE_POLL_INTERVAL, 5)
  --dpop off|on|nonce         DPoP (RFC 9449): off, on (tokens bound when the client sends a proof)
                              or nonce (also requires a server nonce, §8)  (AUTHSERVER_DPOP, on)
  --par off|on|required       pushed authorization requests (RFC 9126): off, on (offered) or
                              required (plain authorization requests refused) (AUTHSERVER_PAR, off)
  --par-ttl SECONDS           lifetime of a pushed request's request_uri, 1..60 (AUTHSERVER_PAR_TTL, 60)
  --test-endpoints            enable GET /test/stats, POST /test/reset-stats,
                              POST /test/expire-pushed-requests             (AUTHSERVER_TEST_ENDPOINTS=1)
  --quiet                     no request/event log, only errors             (AUTHSERVER_QUIET=1)
  --help                      show this text
`;

export class UsageError extends Error {}

const SPECS = {
  port: { env: 'AUTHSERVER_PORT', kind: 'port', def: 8443 },
  certs: { env: 'AUTHSERVER_CERTS', kind: 'string', def: path.join(repoRoot, '.devcerts') },
  'access-token-ttl': { env: 'AUTHSERVER_ACCESS_TOKEN_TTL', kind: 'seconds', def: 300 },
  'refresh-token-ttl': { env: 'AUTHSERVER_REFRESH_TOKEN_TTL', kind: 'seconds', def: 43200 },
  'id-token-ttl': { env: 'AUTHSERVER_ID_TOKEN_TTL', kind: 'seconds', def: 300 },
  'access-token-format': { env: 'AUTHSERVER_ACCESS_TOKEN_FORMAT', kind: 'format', def: 'jwt' },
  'device-poll-interval': { env: 'AUTHSERVER_DEVICE_POLL_INTERVAL', kind: 'seconds', def: 5 },
  dpop: { env: 'AUTHSERVER_DPOP', kind: 'dpop', def: 'on' },
  par: { env: 'AUTHSERVER_PAR', kind: 'par', def: 'off' },
  'par-ttl': { env: 'AUTHSERVER_PAR_TTL', kind: 'par-ttl', def: 60 },
  'test-endpoints': { env: 'AUTHSERVER_TEST_ENDPOINTS', kind: 'flag', def: false },
  quiet: { env: 'AUTHSERVER_QUIET', kind: 'flag', def: false },
};

function convert(name, kind, raw, from) {
  const fail = (why) => { throw new UsageError(`${from} ${name}: ${why} (got "${raw}")`); };
  switch (kind) {
    case 'port': {
      if (!/^\d+$/.test(raw) || Number(raw) > 65535) fail('must be a port number 0..65535');
      return Number(raw);
    }
    case 'seconds': {
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 10 * 365 * 86400) {
        fail('must be a whole number of seconds >= 1');
      }
      return Number(raw);
    }
    case 'format': {
      if (raw !== 'jwt' && raw !== 'opaque') fail('must be "jwt" or "opaque"');
      return raw;
    }
    case 'dpop': {
      if (!['off', 'on', 'nonce'].includes(raw)) fail('must be "off", "on" or "nonce"');
      return raw;
    }
    case 'par': {
      if (!['off', 'on', 'required'].includes(raw)) fail('must be "off", "on" or "required"');
      return raw;
    }
    case 'par-ttl': {
      // oidc-provider gives the unsigned request it keeps for a public client 60 s at most
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 60) fail('must be a whole number of seconds 1..60');
      return Number(raw);
    }
    case 'flag': {
      if (['1', 'true', 'yes', 'on', ''].includes(raw.toLowerCase())) return true;
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
      return fail('must be 1/0, true/false, yes/no or on/off');
    }
    default:
      return raw;
  }
}

// Returns { port, certs, accessTokenTtl, refreshTokenTtl, idTokenTtl, accessTokenFormat,
// devicePollInterval, dpop, par, parTtl, testEndpoints, quiet, help }.
export function parseOptions(argv = process.argv.slice(2), env = process.env) {
  const values = {};
  for (const [name, spec] of Object.entries(SPECS)) {
    const raw = env[spec.env];
    values[name] = raw === undefined ? spec.def : convert(spec.env, spec.kind, raw, 'environment variable');
  }

  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const spec = match && SPECS[match[1]];
    if (!spec) throw new UsageError(`unknown argument "${arg}"`);
    const name = match[1];
    let raw = match[2];
    if (spec.kind === 'flag') {
      values[name] = raw === undefined ? true : convert(`--${name}`, 'flag', raw, 'option');
      continue;
    }
    if (raw === undefined) {
      i += 1;
      if (i >= argv.length) throw new UsageError(`option --${name} needs a value`);
      raw = argv[i];
    }
    values[name] = convert(`--${name}`, spec.kind, raw, 'option');
  }

  return {
    port: values.port,
    certs: path.resolve(values.certs),
    accessTokenTtl: values['access-token-ttl'],
    refreshTokenTtl: values['refresh-token-ttl'],
    idTokenTtl: values['id-token-ttl'],
    accessTokenFormat: values['access-token-format'],
    devicePollInterval: values['device-poll-interval'],
    dpop: values.dpop,
    par: values.par,
    parTtl: values['par-ttl'],
    testEndpoints: values['test-endpoints'],
    quiet: values.quiet,
    help,
  };
}
