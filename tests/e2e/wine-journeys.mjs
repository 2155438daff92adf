// End-to-end journeys of the Windows app (deskauth.exe of a `windows` preset build) under Wine,
// against the Linux development authorization server and API. Usage: node wine-journeys.mjs <name>
//   DESKAUTH_BUILD_DIR      the windows build (deskauth.exe; screenshots go to its e2e-screenshots)
//   DESKAUTH_API_BUILD_DIR  a Linux build with src/api/deskauth-api
// Each run has its own Xvfb display (harness.mjs) and its own WINEPREFIX, made at the start and
// removed at the end. The app opens the browser as on Windows, through the shell (ShellExecuteExW):
// Wine's association for https: is winebrowser, which starts the first program of
// HKCU\Software\Wine\WineBrowser "Browsers" (a comma-separated list, each run with the URL as its
// one argument; default xdg-open,firefox,...). The run sets that value to a script that starts
// tests/e2e/browser.mjs, so the test browser is the "default browser". $BROWSER is left out of the
// app's environment: DeskAuth would use it instead of the shell (platform/BrowserLauncher.cpp).
// "plumbing" checks this machinery alone with deskauth-api.exe and `wine start`, no deskauth.exe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alice, expireAccessToken, firstCompanyAndBack, restartRestoresTheSession, signIn, signedIn, signOutForgetsTheSession,
} from './common-journeys.mjs';
import { Harness, repo, startProcess, waitForListening } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const buildDir = process.env.DESKAUTH_BUILD_DIR;
const signInView = (s) => s.location === '/login' && s.state === 'idle';

class WineHarness extends Harness {
  constructor(journey) {
    super(`wine-${journey}`);
    this.prefix = path.join(this.home, 'prefix');
  }

  // Wine's own settings for every Wine process of the run (the app, start, reg, winebrowser), on
  // top of `base`; HOME is the run's, so Harness.stop() finds whatever Wine left running.
  wineEnv(base = process.env) {
    const env = {
      ...base,
      HOME: this.home,
      DISPLAY: this.display,
      WINEPREFIX: this.prefix,
      WINEARCH: 'win64',
      WINEDEBUG: '-all',
      WINEDLLOVERRIDES: 'mscoree,mshtml=',  // no .NET or Gecko installers in a fresh prefix
    };
    delete env.BROWSER;
    delete env.DESKAUTH_WINE_RUN;  // the unit tests' runner (scripts/windows/wine-exec), not this one
    return env;
  }

  // Runs `wine ARGS...` to its end: { status, stdout, stderr }. Its output goes to files, not pipes:
  // the first Wine program of a server starts the prefix's system processes (services.exe,
  // rpcss.exe, winedevice.exe, plugplay.exe), which inherit its stdout and stderr and, with the
  // run's persistent server (wineserver -p), never exit; spawnSync waits for a pipe's last writer,
  // so a piped `wine reg add` returned only at its timeout (seen: e2e.wine-sign-in's 600 s guard).
  wine(...args) {
    const files = ['stdout', 'stderr'].map((stream) => path.join(this.out, `wine-${stream}.txt`));
    const fds = files.map((file) => fs.openSync(file, 'w'));
    let result;
    try {
      result = spawnSync('wine', args, { env: this.wineEnv(), stdio: ['ignore', ...fds], timeout: 600000 });  // a guard: a loaded machine takes minutes for a prefix
    } finally {
      fds.forEach((fd) => fs.closeSync(fd));
    }
    if (result.error) throw new Error(`wine ${args[0]}: ${result.error.message} (apt-get install wine64 wine)`);
    const [stdout, stderr] = files.map((file) => fs.readFileSync(file, 'utf8'));
    return { status: result.status, stdout, stderr };
  }

  // The X display first (harness.mjs), then the run's prefix on it, with the test browser as the
  // browser winebrowser starts.
  async startDisplay() {
    await super.startDisplay();
    for (const tool of ['wine', 'wineserver']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is required (apt-get install wine64 wine)`);
    }
    fs.mkdirSync(this.prefix);
    const started = Date.now();
    const boot = this.wine('wineboot', '--init');
    fs.writeFileSync(path.join(this.out, 'wineboot.log'), `${boot.stdout}${boot.stderr}`);
    if (boot.status !== 0) throw new Error(`wineboot --init failed (exit ${boot.status}); see ${this.out}/wineboot.log`);
    // `wine wineboot --init` may return while wine.inf is still being applied (the https: and
    // http: associations among the last): wait until every Wine process of the prefix has ended
    // and its server has exited, then keep one server for the run (every process starts warm).
    const settled = spawnSync('wineserver', ['-w'], { env: this.wineEnv(), timeout: 600000 });
    if (settled.status !== 0) throw new Error(`wineserver -w: the prefix did not settle (${settled.error?.message || settled.status})`);
    // (no pipes: the server goes on in the background and would hold them open)
    spawnSync('wineserver', ['-p'], { env: this.wineEnv(), stdio: 'ignore' });
    this.prefixSeconds = (Date.now() - started) / 1000;
    this.browserScript = this.script('test-browser', process.execPath, path.join(here, 'browser.mjs'));
    this.uriOpener = this.script('wine-start', 'wine', 'start');
    this.regAdd('HKCU\\Software\\Wine\\WineBrowser', 'Browsers', this.browserScript);
  }

  // A shell script that runs `command... URL` with the run's environment written into it: Wine
  // starts it from its own processes (winebrowser), whose environment is Windows' copy of ours.
  script(name, ...command) {
    const env = { ...this.appEnv(), PATH: process.env.PATH };
    const keep = ['PATH', 'DISPLAY', 'HOME', 'WINEPREFIX', 'WINEARCH', 'WINEDEBUG', 'WINEDLLOVERRIDES',
      'DESKAUTH_E2E_PLAN', 'DESKAUTH_E2E_SHOTS', 'DESKAUTH_E2E_CERTS'];
    const quote = (v) => `'${String(v).replace(/'/g, "'\\''")}'`;
    const lines = ['#!/bin/sh', ...keep.filter((k) => env[k] !== undefined).map((k) => `export ${k}=${quote(env[k])}`)];
    if (name === 'test-browser') lines.push(`export DESKAUTH_E2E_URI_OPENER=${quote(path.join(this.home, 'wine-start'))}`);
    lines.push(`exec ${command.map(quote).join(' ')} "$@"`, '');
    const file = path.join(this.home, name);
    fs.writeFileSync(file, lines.join('\n'), { mode: 0o755 });
    return file;
  }

  regAdd(key, name, value) {  // name '': the key's default value
    const added = this.wine('reg', 'add', key, ...(name ? ['/v', name] : ['/ve']), '/t', 'REG_SZ', '/d', value, '/f');
    if (added.status !== 0) throw new Error(`reg add ${key} ${name} failed: ${added.stdout}${added.stderr}`);
  }

  // --register-scheme writes HKCU\Software\Classes\<scheme>, which Windows shows in
  // HKEY_CLASSES_ROOT, where the shell looks up a URL's handler. Wine 8 does not merge the user's
  // classes into HKEY_CLASSES_ROOT (its HKCR is HKLM\Software\Classes alone), so `wine start`
  // would find no handler: the user's key, as the app wrote it, is copied there (Wine's lack; on
  // Windows this step does not exist).
  showUserClass(scheme) {
    const copied = this.wine('reg', 'copy', `HKCU\\Software\\Classes\\${scheme}`, `HKCR\\${scheme}`, '/s', '/f');
    if (copied.status !== 0) throw new Error(`reg copy of ${scheme}'s registration failed: ${copied.stdout}${copied.stderr}`);
  }

  // Wine's lack: its DefWindowProc enters menu mode when Alt goes up after an Alt+key chord that
  // an accelerator or the window's key hook took (the File menu highlighted, seen in a screenshot;
  // Windows does not do this), and while the menu loop runs no idle event reaches the app, so
  // its automation status stays behind. Escape leaves menu mode, as a user would.
  async key(...keys) {
    await super.key(...keys);
    if (keys.some((k) => /(^|\+)alt\+/i.test(k))) await super.key('Escape');
  }

  // `reg query KEY /s` as text ('' when the key does not exist).
  regQuery(key) {
    const found = this.wine('reg', 'query', key, '/s');
    return found.status === 0 ? found.stdout.replace(/\r/g, '') : '';
  }

  appEnv() { return this.wineEnv(super.appEnv()); }

  // The build's deskauth.exe, or the installed one (installed-sign-in).
  appCommand(args) {
    return ['wine', [this.installedApp || this.appPath(path.join(buildDir, 'src/app/deskauth.exe')), ...args]];
  }

  // The command lines of the Wine processes of this run's prefix (Wine shows a program's Windows path).
  runningPrograms() {
    const programs = [];
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        if (!environ.includes(`WINEPREFIX=${this.prefix}`)) continue;
        programs.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
      } catch { /* gone, or another user's */ }
    }
    return programs;
  }

  // A Windows folder of the prefix by its environment variable (e.g. LOCALAPPDATA), as Windows writes it.
  windowsFolder(variable) {
    const echoed = this.wine('cmd', '/c', 'echo', `%${variable}%`);
    const folder = echoed.stdout.replace(/\r/g, '').trim();
    if (echoed.status !== 0 || !folder || folder.includes('%')) throw new Error(`no %${variable}% in the prefix: ${echoed.stderr}`);
    return folder;
  }

  // Wine's drive Z: is the Unix root.
  appPath(file) { return `Z:${file.replace(/\//g, '\\')}`; }

  // The names of DeskAuth's generic credentials in the prefix's Credential Manager, as Wine keeps
  // them (advapi32's credentials live under this key of the user's registry; the secret itself is
  // encrypted there, so only the names are read).
  storedCredentials() {
    return this.regQuery('HKCU\\Software\\Wine\\Credential Manager').split('\n')
      .filter((line) => /DeskAuth:/.test(line) && /^HKEY/.test(line)).map((line) => line.trim());
  }

  // `wine start URL`: the shell opens the URL through its association, as a click would.
  shellOpen(url) { return this.wine('start', url); }

  // The plumbing run starts the servers and the prefix but no app.
  async startApp(options) {
    if (!this.withoutApp) await super.startApp(options);
  }

  async stop() {
    if (fs.existsSync(this.prefix)) spawnSync('wineserver', ['-k'], { env: this.wineEnv() });
    await super.stop();
  }
}

const journeys = {
  // Without deskauth.exe: the prefix, winebrowser starting the test browser, `wine start` of a
  // private scheme, and a Windows program of ours under Wine beside the Linux servers
  // (deskauth-api.exe answering over TLS).
  async plumbing(h) {
    h.plan({ action: 'abandon' });
    const opened = h.shellOpen(`${h.issuer}/.well-known/openid-configuration?through=winebrowser`);
    assert.equal(opened.status, 0, `wine start: ${opened.stderr}`);
    await h.waitForBrowserLog(/closed the tab without signing in/, 'the test browser started by winebrowser');
    assert.match(h.browserLog(), /step \{"action":"abandon"\}/);

    // a private scheme registered for the user as --register-scheme does, its handler cmd.exe
    // writing the URL it got: `wine start` hands it the whole URL (query included)
    const got = path.join(h.home, 'handler-got.txt');
    const key = 'HKCU\\Software\\Classes\\com.deskauth.plumbing';
    h.regAdd(key, '', 'URL:DeskAuth plumbing');
    h.regAdd(key, 'URL Protocol', '');
    h.regAdd(`${key}\\shell\\open\\command`, '', `C:\\windows\\system32\\cmd.exe /c echo "%1"> ${h.appPath(got)}`);
    h.showUserClass('com.deskauth.plumbing');
    assert.equal(h.shellOpen('com.deskauth.plumbing:/callback?code=c&state=s').status, 0, 'wine start of the private scheme');
    await waitForFile(got, /com\.deskauth\.plumbing:\/callback\?code=c&state=s/, 'the handler of the private scheme');

    // a Windows program of ours under Wine, answering the Linux side over TLS
    const api = path.join(buildDir, 'src/api/deskauth-api.exe');
    assert.ok(fs.existsSync(api), `${api} is missing: build the deskauth-api target of the windows preset`);
    const child = startProcess('api-exe', 'wine',
      [h.appPath(api), '--config', h.appPath(path.join(repo, 'config/api.json')), '--port', '0', '--issuer', h.issuer],
      { env: h.wineEnv() }, h.out);
    h.children.push(child);
    const apiUrl = await waitForListening(child, 120);  // a guard: Wine starts a program in seconds
    const status = await new Promise((resolve, reject) => {
      https.get(`${apiUrl}/api/companies`, { ca: fs.readFileSync(path.join(h.certs, 'ca.pem')) }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    assert.equal(status, 401, 'deskauth-api.exe answers over TLS and wants a token');
    console.log(`wine prefix made in ${h.prefixSeconds.toFixed(1)} s`);
  },

  // sign in through the shell's default browser (winebrowser -> the test browser) -> companies
  // -> transactions -> back
  async 'sign-in'(h) {
    await h.waitFor(signInView, 'the sign-in view');
    await h.screenshot('sign-in-view');
    h.plan(alice);
    await h.key('ctrl+i');
    await h.waitFor((s) => s.state === 'waiting', 'the waiting state');
    await h.screenshot('sign-in-waiting');
    const companies = await h.waitFor(signedIn, 'the companies list');
    await h.waitForBrowserLog(/finished at http:\/\/127\.0\.0\.1:800[1-3]\/callback/, 'the browser sent back to the loopback listener');
    assert.match(h.appLog(), /opened the system browser through the Windows shell/, 'ShellExecuteExW opened it, not a command');
    assert.equal(companies.user, 'Alice Smith');
    assert.ok(companies.items > 0, 'alice sees companies');
    await h.screenshot('companies');
    await firstCompanyAndBack(h);
  },

  // The installer of DESKAUTH_INSTALLER, installed in this run's prefix as IT or a user would (NSIS
  // per user with /S, the MSI per machine with msiexec /qn), then the INSTALLED deskauth.exe signs
  // in through the shell's browser and shows the companies. scripts/windows/test-installers runs
  // it for each installer it makes (and checks the files, the registry and the uninstall itself).
  async 'installed-sign-in'(h) {
    const installer = process.env.DESKAUTH_INSTALLER || '';
    assert.ok(/\.(exe|msi)$/.test(installer) && fs.existsSync(installer), `DESKAUTH_INSTALLER names an installer: '${installer}'`);
    const msi = installer.endsWith('.msi');
    const installed = h.wine(...(msi ? ['msiexec', '/i', h.appPath(installer), '/qn'] : [installer, '/S']));
    assert.equal(installed.status, 0, `installing ${path.basename(installer)}: ${installed.stdout}${installed.stderr}`);
    const folder = msi ? h.windowsFolder('ProgramFiles') : `${h.windowsFolder('LOCALAPPDATA')}\\Programs`;
    h.installedApp = `${folder}\\DeskAuth\\bin\\deskauth.exe`;
    h.withoutApp = false;
    await h.startApp();
    assert.ok(h.runningPrograms().some((command) => command.toLowerCase().startsWith(h.installedApp.toLowerCase())),
      `the app running in the prefix is the installed ${h.installedApp}: ${h.runningPrograms().join('; ')}`);
    await signIn(h);
    const companies = await h.waitFor(signedIn, 'the companies list');
    assert.equal(companies.user, 'Alice Smith');
    assert.ok(companies.items > 0, 'alice sees companies');
    assert.match(h.appLog(), /opened the system browser through the Windows shell/, 'ShellExecuteExW opened it');
    await h.screenshot(`companies-installed-by-${msi ? 'msi' : 'nsis'}`);
    await h.quitApp();
  },

  // Expire Access Token -> Reload -> data still loads after one refresh at the server
  'expire-access-token': expireAccessToken,

  // sign in, quit, start again: the session comes back from Credential Manager with no browser;
  // sign out: the credential is gone and the refresh token revoked
  async restart(h) {
    await signIn(h);
    assert.ok(h.storedCredentials().length > 0, 'the session was saved in Credential Manager');
    await restartRestoresTheSession(h);
    const stored = () => (h.storedCredentials().length > 0 ? h.storedCredentials() : null);
    await signOutForgetsTheSession(h, stored, 'Credential Manager');
    await h.quitApp();
  },

  // private-URI mode: --register-scheme writes the HKCU association; the browser's redirect is
  // handed to `wine start`, the shell starts the registered deskauth.exe, which forwards the URL
  // over the named pipe to the running window and exits
  async 'private-uri'(h) {
    assert.equal(h.runSecondInstance('--register-scheme'), 0, 'deskauth --register-scheme');
    assert.match(h.regQuery('HKCU\\Software\\Classes\\com.deskauth.desktop\\shell\\open\\command'), /deskauth\.exe/i,
      'the scheme is registered under HKCU\\Software\\Classes');
    h.showUserClass('com.deskauth.desktop');
    await h.waitFor(signInView, 'the sign-in view');
    h.plan(alice);
    await h.key('ctrl+i');
    const done = await h.waitFor(signedIn, 'the companies list after the private-scheme redirect');
    assert.equal(done.user, 'Alice Smith');
    await h.waitForBrowserLog(/handed com\.deskauth\.desktop:\/callback to wine-start \(exit 0\)/, 'the redirect handed to wine start');
    await h.screenshot('companies-after-private-uri-login');
    assert.equal(windowsNamed(h, 'DeskAuth'), 1, 'the second process forwarded the URL and exited');
  },

  // a forged private-scheme URL (unknown state), opened through the shell, is refused with a
  // message while the real login goes on waiting; no code reaches the server
  async 'forged-private-uri'(h) {
    assert.equal(h.runSecondInstance('--register-scheme'), 0, 'deskauth --register-scheme');
    h.showUserClass('com.deskauth.desktop');
    await h.waitFor(signInView, 'the sign-in view');
    h.plan({ action: 'abandon' });
    await h.key('ctrl+i');
    await h.waitFor((s) => s.state === 'waiting', 'a login in progress');
    assert.equal(h.shellOpen('com.deskauth.desktop:/callback?code=stolen&state=forged').status, 0, 'wine start');
    const refused = await h.waitFor((s) => s.errorCode === 'unknown_state', 'the refusal');
    assert.equal(refused.state, 'waiting', 'the real login keeps waiting');
    assert.equal(refused.user, '', 'nobody was signed in');
    await h.screenshot('forged-url-refused');
    const stats = await h.stats();
    assert.equal(stats.authorization_code + stats.authorization_code_errors, 0, 'no code was sent to the server');
  },
};

// Waits (a guard, not a pause: it returns once the text is there) for `file` to match `pattern`.
async function waitForFile(file, pattern, what, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && pattern.test(fs.readFileSync(file, 'utf8'))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function windowsNamed(h, name) {
  const found = spawnSync('xdotool', ['search', '--onlyvisible', '--name', `^${name}$`],
    { env: { ...process.env, DISPLAY: h.display }, encoding: 'utf8' });
  return found.stdout.trim() ? found.stdout.trim().split('\n').length : 0;
}

const name = process.argv[2];
if (!journeys[name] || !buildDir) {
  console.error(`usage: DESKAUTH_BUILD_DIR=<windows build> DESKAUTH_API_BUILD_DIR=<linux build> node wine-journeys.mjs <${Object.keys(journeys).join('|')}>`);
  process.exit(2);
}
const harness = new WineHarness(name);
try {
  harness.withoutApp = name === 'plumbing' || name === 'installed-sign-in';  // the latter starts it once installed
  await harness.start({
    config: { browser: { command: '' }, ...(name.includes('private-uri') ? { redirect: { mode: 'private-uri' } } : {}) },
  });
  await journeys[name](harness);
  console.log(`e2e wine ${name}: passed; screenshots in ${harness.out}`);
} catch (error) {
  try { await harness.screenshot('failure'); } catch { /* display may be gone */ }
  console.error(`e2e wine ${name}: FAILED: ${error.stack}`);
  console.error(`screenshots and logs in ${harness.out}`);
  process.exitCode = 1;
} finally {
  await harness.stop();
}
