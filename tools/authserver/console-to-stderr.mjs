// Imported first by server.mjs: stdout carries exactly one line (the "listening on" line that
// tests parse), so everything any library prints with console.log/info/debug goes to stderr.
import { format } from 'node:util';

const quiet = process.argv.includes('--quiet')
  || /^(1|true|yes|on)$/i.test(process.env.AUTHSERVER_QUIET ?? '');

// Lines that are expected for this development setup and only noise: oidc-provider's notices
// (and in --quiet mode its warnings), and the warning about the introspection body this server
// reads before handing the request on (see jwt-introspection.mjs).
function dropped(line) {
  if (line.includes('already parsed request body detected')) return true;
  if (quiet && /oidc-provider (NOTICE|WARNING)/.test(line)) return true;
  return false;
}

function writer(original) {
  return (...args) => {
    const line = format(...args);
    if (!dropped(line)) original(line);
  };
}

const toStderr = (line) => process.stderr.write(`${line}\n`);
console.log = writer(toStderr);
console.info = writer(toStderr);
console.debug = writer(toStderr);
console.warn = writer(toStderr);
