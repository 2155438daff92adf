// Runs the real DeskAuth app under Xvfb against the real development authorization server and
// API (all on 127.0.0.1), with tests/e2e/browser.mjs (headless system Chromium) as the app's
// browser. Drives the app with real X11 key events (xdotool) and reads what it shows from its
// --automation-status file. Every helper fails loudly when a tool is missing.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
const buildDir = process.env.DESKAUTH_BUILD_DIR || path.join(repo, 'build/debug');
// The (Linux) deskauth-api the journeys run: the build's own, or another build's when the app is
// the Windows one (tests/e2e/wine-journeys.mjs: a windows build has no Linux API).
const apiBuildDir = process.env.DESKAUTH_API_BUILD_DIR || buildDir;

function requireTool(tool) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${tool} is required for the e2e tests (run scripts/install-deps)`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// How long a wait for an event (a status, a log line) may take before the journey fails. Only a
// guard against a hang: every wait returns as soon as its event happens, and a loaded machine (a
// build beside the tests) can take tens of seconds for a browser sign-in, so it is generous.
const waitSeconds = 120;

export function startProcess(name, command, args, options, logDir) {
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', out] });
  child.name = name;
  child.lines = [];
  child.stdout.on('data', (data) => {
    fs.appendFileSync(path.join(logDir, `${name}.log`), data);
    child.lines.push(...data.toString().split('\n'));
  });
  return child;
}

export async function waitForListening(child, seconds = waitSeconds) {
  for (let i = 0; i < seconds * 20; i++) {
    const line = child.lines.find((l) => /listening on (\S+)/.test(l));
    if (line) return line.match(/listening on (\S+)/)[1];
    if (child.exitCode !== null) throw new Error(`${child.name} exited with ${child.exitCode} before listening`);
    await sleep(50);
  }
  throw new Error(`${child.name} did not start listening`);
}

// Polls `read()` until `predicate` holds for what it returns.
async function waitForText(read, predicate, what, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (predicate(read())) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Waits for `child` to exit, up to the guard of `waitSeconds`; true when it did.
async function exited(child) {
  const running = () => child.exitCode === null && child.signalCode === null;
  for (let i = 0; i < waitSeconds * 20 && running(); i++) await sleep(50);
  return !running();
}

// /proc/net/tcp{,6} address: 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word little-endian.
function decodeProcAddress(hex) {
  const words = hex.match(/.{8}/g).map((w) => w.match(/../g).reverse().join(''));
  if (words.length === 1) return words[0].match(/../g).map((b) => parseInt(b, 16)).join('.');
  const groups = words.join('').match(/.{4}/g).map((g) => parseInt(g, 16).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

// The desktop "oauth" settings docs/configuration.md gives for Glewlwyd: the JSON block after its
// "glewlwyd-desktop-json" marker (tests/support/TestProvider.cpp reads the same block).
function documentedGlewlwydOauth() {
  const doc = fs.readFileSync(path.join(repo, 'docs/configuration.md'), 'utf8');
  const block = doc.split('<!-- glewlwyd-desktop-json')[1]?.match(/```json\n([\s\S]*?)```/);
  if (!block) throw new Error('docs/configuration.md has no JSON block after its glewlwyd-desktop-json marker');
  return JSON.parse(block[1]).oauth;
}

export class Harness {
  constructor(journey) {
    this.journey = journey;
    this.out = path.join(buildDir, 'e2e-screenshots', journey);
    fs.rmSync(this.out, { recursive: true, force: true });
    fs.mkdirSync(this.out, { recursive: true });
    this.home = fs.mkdtempSync(path.join('/tmp', `deskauth-e2e-${journey}-`));
    this.planFile = path.join(this.home, 'browser-plan.jsonl');
    fs.writeFileSync(this.planFile, '');
    this.statusFile = path.join(this.home, 'status.json');
    this.children = [];
    this.shotCount = 0;
    this.certs = path.join(repo, '.devcerts');
    this.runtimeDir = path.join(this.home, 'runtime');
    fs.mkdirSync(this.runtimeDir, { mode: 0o700 });
  }

  // holdApi: the app reaches the API through a loopback TCP relay that holds every answer back
  // until the journey calls releaseApi() (a network as slow as the journey needs), to show that
  // the window stays usable during a slow call without racing a delay.
  // provider 'glewlwyd': Debian's Glewlwyd (tools/glewlwyd/server) instead of tools/authserver,
  // the desktop settings docs/configuration.md gives for it, and the API's audience set to the
  // resource those settings name (there are no /test/stats: journeys read the logs instead).
  // authserverArgs: more options of tools/authserver (e.g. --par on).
  async start({ config = {}, holdApi = false, provider = 'oidc-provider', authserverArgs = [] } = {}) {
    for (const tool of ['Xvfb', 'xdotool', 'import', '/usr/bin/chromium']) requireTool(tool);
    execFileSync(path.join(repo, 'scripts/dev-certs'), [this.certs], { stdio: 'ignore' });
    await this.startDisplay();
    let providerOauth = {};
    if (provider === 'glewlwyd') {
      const auth = startProcess('glewlwyd', path.join(repo, 'tools/glewlwyd/server'), ['--quiet', '--certs', this.certs], {}, this.out);
      this.children.push(auth);
      this.issuer = await waitForListening(auth);  // it takes about 7 s at load average 20
      const { authority, ...documented } = documentedGlewlwydOauth();
      providerOauth = documented;
      this.apiAudience = [documented.resource].flat()[0];
    } else {
      const auth = startProcess('authserver', process.execPath,
        [path.join(repo, 'tools/authserver/server.mjs'), '--port', '0', '--test-endpoints', '--certs', this.certs, ...authserverArgs],
        {}, this.out);
      this.children.push(auth);
      this.issuer = await waitForListening(auth);
    }
    await this.startApi();
    this.configFile = path.join(this.home, 'desktop.json');
    const base = JSON.parse(fs.readFileSync(path.join(repo, 'config/desktop.json'), 'utf8'));
    const desktop = {
      ...base,
      oauth: { ...base.oauth, authority: this.issuer, loginTimeoutSeconds: 60, ...providerOauth, ...(config.oauth || {}) },
      api: { baseUrl: `${holdApi ? await this.startHoldingProxy(this.apiUrl) : this.apiUrl}/api` },
      pages: {
        loginSuccess: this.appPath(path.join(repo, 'resources/pages/login-success.html')),
        loginError: this.appPath(path.join(repo, 'resources/pages/login-error.html')),
      },
      tls: { extraCaFile: this.appPath(path.join(this.certs, 'ca.pem')) },
      browser: { command: `${process.execPath} ${path.join(here, 'browser.mjs')} %u`, ...(config.browser || {}) },
      log: { level: 'debug', file: this.appPath(path.join(this.home, 'deskauth.log')) },
      redirect: { ...base.redirect, ...(config.redirect || {}) },
      ...(config.http ? { http: config.http } : {}),
    };
    fs.writeFileSync(this.configFile, JSON.stringify(desktop, null, 2));
    await this.startApp();
  }

  async startDisplay() {
    for (let display = 90; display < 130; display++) {
      if (fs.existsSync(`/tmp/.X${display}-lock`)) continue;
      const xvfb = startProcess('xvfb', 'Xvfb', [`:${display}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {}, this.out);
      for (let i = 0; i < 50 && !fs.existsSync(`/tmp/.X11-unix/X${display}`); i++) await sleep(100);
      if (xvfb.exitCode === null && fs.existsSync(`/tmp/.X11-unix/X${display}`)) {
        this.children.push(xvfb);
        this.display = `:${display}`;
        return;
      }
      xvfb.kill();
    }
    throw new Error('no free X display for Xvfb');
  }

  async startApi() {
    const api = path.join(apiBuildDir, 'src/api/deskauth-api');
    if (!fs.existsSync(api)) throw new Error(`${api} is missing: build the deskauth-api target`);
    let apiConfig = path.join(repo, 'config/api.json');
    if (this.apiAudience) {  // config/api.json with another audience, its paths made absolute
      const settings = JSON.parse(fs.readFileSync(apiConfig, 'utf8'));
      const absolute = (p) => path.resolve(repo, 'config', p);
      settings.oauth.audience = this.apiAudience;
      settings.server.certificateFile = absolute(settings.server.certificateFile);
      settings.server.privateKeyFile = absolute(settings.server.privateKeyFile);
      settings.tls.extraCaFile = absolute(settings.tls.extraCaFile);
      settings.data.directory = absolute(settings.data.directory);
      apiConfig = path.join(this.home, 'api.json');
      fs.writeFileSync(apiConfig, JSON.stringify(settings, null, 2));
    }
    const child = startProcess('api', api,
      ['--config', apiConfig, '--port', String(this.apiPort || 0), '--issuer', this.issuer], {}, this.out);
    this.children.push(child);
    this.apiUrl = await waitForListening(child);
    this.apiPort = Number(new URL(this.apiUrl).port);
    this.api = child;
  }

  // A TCP relay on 127.0.0.1 to `targetUrl`'s port (TLS passes through untouched) that holds
  // back everything the server sends, and the closing of its connections, until releaseApi();
  // from then on it passes everything on at once. Returns the relay's https URL.
  startHoldingProxy(targetUrl) {
    const target = new URL(targetUrl);
    this.apiHeld = [];        // what the server sent, waiting for releaseApi()
    this.apiReleased = false;
    const pass = (step) => (this.apiReleased ? step() : this.apiHeld.push(step));
    const relay = net.createServer((client) => {
      const server = net.connect(Number(target.port), '127.0.0.1');
      client.on('data', (data) => server.write(data));
      server.on('data', (data) => pass(() => client.destroyed || client.write(data)));
      const close = () => { client.destroy(); server.destroy(); };
      client.on('error', close); server.on('error', close);
      client.on('close', () => server.destroy());
      server.on('close', () => pass(() => client.destroy()));
    });
    this.relays = [...(this.relays || []), relay];
    return new Promise((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${relay.address().port}`));
    });
  }

  // What the API wrote to its log (one line per request: "... status=200 ...").
  apiLog() { return fs.readFileSync(path.join(this.out, 'api.log'), 'utf8'); }

  async waitForApiLog(predicate, what, seconds = waitSeconds) { return waitForText(() => this.apiLog(), predicate, what, seconds); }

  // What the app wrote to its log so far (debug level), and a wait for a line matching `pattern`.
  appLog() {
    const file = path.join(this.home, 'deskauth.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  async waitForAppLog(pattern, what, seconds = waitSeconds) {
    return waitForText(() => this.appLog(), (log) => pattern.test(log), what, seconds);
  }

  // Waits for the test browser to write a log line matching `pattern` (it writes "finished at
  // <url>" once the page it was sent back to has loaded, which may be after the app moved on).
  async waitForBrowserLog(pattern, what, seconds = waitSeconds) {
    return waitForText(() => this.browserLog(), (log) => pattern.test(log), what, seconds);
  }

  // How many pieces of the API's answers the relay holds back now (startHoldingProxy).
  apiAnswersHeld() { return this.apiHeld ? this.apiHeld.length : 0; }

  // Lets the held answers through, and every later one at once.
  releaseApi() {
    this.apiReleased = true;
    for (const step of this.apiHeld.splice(0)) step();
  }

  // The TCP sockets listening in the app and the servers this harness started, as
  // [{ process, address: '127.0.0.1', port }], read from /proc (inode of each socket fd matched
  // against /proc/net/tcp and tcp6, state 0A = LISTEN).
  listeningSockets() {
    const listening = new Map();  // inode -> { address, port }
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 10 || f[3] !== '0A') continue;
        const [hex, port] = f[1].split(':');
        listening.set(f[9], { address: decodeProcAddress(hex), port: parseInt(port, 16) });
      }
    }
    const found = [];
    for (const child of this.children.filter((c) => c.exitCode === null && c.name !== 'xvfb')) {
      for (const fd of fs.readdirSync(`/proc/${child.pid}/fd`)) {
        let link = '';
        try { link = fs.readlinkSync(`/proc/${child.pid}/fd/${fd}`); } catch { continue; }
        const inode = link.match(/^socket:\[(\d+)\]$/)?.[1];
        if (inode && listening.has(inode)) found.push({ process: child.name, ...listening.get(inode) });
      }
    }
    return found;
  }

  // The program and arguments that start the app with `args`, and a file's name as the app sees
  // it: the Linux build's deskauth here; wine-journeys.mjs runs deskauth.exe under Wine instead.
  appCommand(args) { return [path.join(buildDir, 'src/app/deskauth'), args]; }

  appPath(file) { return file; }

  // Starts `deskauth ARGS` as the OS would (same user, same environment) and returns its exit code.
  runSecondInstance(...args) {
    const [command, argv] = this.appCommand(['--config', this.appPath(this.configFile), ...args]);
    const result = spawnSync(command, argv, { env: this.appEnv(), timeout: waitSeconds * 1000 });
    return result.status;
  }

  // Stops the API and waits until it has exited, so its port is really closed.
  async stopApi() {
    const api = this.api;
    api.kill('SIGTERM');
    if (!(await exited(api))) throw new Error('the API did not stop');
    this.children = this.children.filter((c) => c !== api);
  }

  appEnv() {
    const env = {
      ...process.env,
      DISPLAY: this.display,
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      XDG_DATA_HOME: path.join(this.home, '.local/share'),
      XDG_CACHE_HOME: path.join(this.home, '.cache'),
      XDG_RUNTIME_DIR: this.runtimeDir,
      DESKAUTH_E2E_PLAN: this.planFile,
      DESKAUTH_E2E_SHOTS: this.out,
      DESKAUTH_E2E_CERTS: this.certs,
      NO_AT_BRIDGE: '1',
    };
    // as over SSH or in a minimal session: no bus address (and none in the empty XDG_RUNTIME_DIR)
    if (this.withoutSessionBus) delete env.DBUS_SESSION_BUS_ADDRESS;
    return env;
  }

  // Every process running with this harness's HOME (the app and whatever it started, even when
  // reparented or daemonised), as "pid command line".
  processesOfTheApp() {
    const found = [];
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let env = '';
      try { env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8'); } catch { continue; }
      if (!env.split('\0').includes(`HOME=${this.home}`)) continue;
      let command = '';
      try { command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { continue; }
      found.push(`${pid} ${command}`);
    }
    return found;
  }

  async startApp({ pollMs = 100 } = {}) {
    fs.rmSync(this.statusFile, { force: true });
    const [command, args] = this.appCommand(['--config', this.appPath(this.configFile),
      '--automation-status', this.appPath(this.statusFile)]);
    const app = startProcess('app', command, args, { env: this.appEnv() }, this.out);
    this.children.push(app);
    this.app = app;
    const spawned = performance.now();
    await this.waitFor((s) => s.location !== '' || s.state === 'starting', 'the app window', 30, pollMs);
    this.startupMs = performance.now() - spawned;  // spawn to the first view (bench/app-bench)
    this.window = await this.findWindow();
  }

  async stopApp() {
    const app = this.app;
    app.kill('SIGTERM');
    await exited(app);
    this.children = this.children.filter((c) => c !== app);
  }

  // Quits as a user does (File > Quit, Ctrl+Q) and waits for a clean exit.
  async quitApp() {
    const app = this.app;
    await this.key('ctrl+q');
    await exited(app);
    if (app.exitCode !== 0) throw new Error(`the app did not quit cleanly (exit ${app.exitCode}, signal ${app.signalCode})`);
    this.children = this.children.filter((c) => c !== app);
    this.app = null;
  }

  // The app's entry in the Secret Service (gnome-keyring of tests/support/with-keyring), parsed, or
  // null when there is none.
  storedTokens() {
    const found = spawnSync('secret-tool', ['lookup', 'app', 'deskauth'], { encoding: 'utf8' });
    if (found.error) throw new Error(`secret-tool is required for the e2e tests: ${found.error.message}`);
    return found.status === 0 && found.stdout ? JSON.parse(found.stdout) : null;
  }

  // Every file under `dirs` whose bytes contain one of `secrets`, as "file: secret name".
  static filesContaining(dirs, secrets) {
    const hits = [];
    const visit = (file) => {
      const stat = fs.lstatSync(file);
      if (stat.isDirectory()) {
        for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
      } else if (stat.isFile()) {
        const bytes = fs.readFileSync(file);
        for (const [name, value] of Object.entries(secrets)) {
          if (value && bytes.includes(value)) hits.push(`${file}: ${name}`);
        }
      }
    };
    dirs.filter((d) => fs.existsSync(d)).forEach(visit);
    return hits;
  }

  async findWindow() {
    for (let i = 0; i < 50; i++) {
      try {
        const ids = execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^DeskAuth$'],
          { env: { ...process.env, DISPLAY: this.display } }).toString().trim().split('\n');
        if (ids[0]) return ids[0];
      } catch { /* not mapped yet */ }
      await sleep(100);
    }
    throw new Error('the DeskAuth window did not appear');
  }

  status() {
    try {
      return JSON.parse(fs.readFileSync(this.statusFile, 'utf8'));
    } catch {
      return { location: '', sequence: 0 };
    }
  }

  async waitFor(predicate, what, seconds = waitSeconds, pollMs = 100) {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      const status = this.status();
      if (predicate(status)) return status;
      if (this.app && this.app.exitCode !== null) throw new Error(`the app exited (${this.app.exitCode}) while waiting for ${what}`);
      await sleep(pollMs);
    }
    throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(this.status())}`);
  }

  // Real key presses through XTEST into the focused app window, as a user's keyboard would.
  async key(...keys) {
    const env = { ...process.env, DISPLAY: this.display };
    execFileSync('xdotool', ['windowfocus', '--sync', this.window], { env });
    execFileSync('xdotool', ['key', '--clearmodifiers', ...keys], { env });
  }

  async screenshot(name) {
    const file = path.join(this.out, `${String(++this.shotCount).padStart(2, '0')}-${name}.png`);
    await sleep(300);  // let the view finish painting
    execFileSync('import', ['-window', 'root', file], { env: { ...process.env, DISPLAY: this.display } });
    return file;
  }

  // What the test browser did so far ('' before it first ran).
  browserLog() {
    const file = path.join(this.out, 'browser.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  // The X clipboard's text as another program on the desktop would paste it (xclip).
  clipboard() {
    requireTool('xclip');
    return execFileSync('xclip', ['-o', '-selection', 'clipboard'],
      { env: { ...process.env, DISPLAY: this.display }, timeout: waitSeconds * 1000 }).toString();
  }

  // Opens `url` in the test browser (browser.mjs, which performs the next planned step) as a
  // user pasting it into a browser on this machine would; resolves with its exit code.
  openInTestBrowser(url) {
    const child = spawn(process.execPath, [path.join(here, 'browser.mjs'), url], { env: this.appEnv(), stdio: 'ignore' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  plan(...steps) {
    for (const step of steps) fs.appendFileSync(this.planFile, `${JSON.stringify(step)}\n`);
  }

  stats() {
    return new Promise((resolve, reject) => {
      const request = https.get(`${this.issuer}/test/stats`, { ca: fs.readFileSync(path.join(this.certs, 'ca.pem')) }, (response) => {
        let body = '';
        response.on('data', (d) => { body += d; });
        response.on('end', () => resolve(JSON.parse(body)));
      });
      request.on('error', reject);
    });
  }

  resetStats() {
    return new Promise((resolve, reject) => {
      const request = https.request(`${this.issuer}/test/reset-stats`,
        { method: 'POST', ca: fs.readFileSync(path.join(this.certs, 'ca.pem')) }, (r) => { r.resume(); r.on('end', resolve); });
      request.on('error', reject);
      request.end();
    });
  }

  async stop() {
    for (const relay of this.relays || []) relay.close();
    // Each process is waited for (not a fixed pause): one still writing into the home folder
    // would make its removal fail. SIGKILL only if one ignores SIGTERM for a whole minute.
    const exits = [];
    for (const child of [...this.children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      exits.push(new Promise((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 60000);
        child.once('exit', () => { clearTimeout(force); resolve(); });
      }));
      child.kill('SIGTERM');
    }
    await Promise.all(exits);
    // What the app started (its browser command, a second instance) may outlive it: those are
    // ended and waited for as well, by their HOME (checked every 100 ms, SIGKILL after a minute).
    const started = Date.now();
    for (let left = this.processesOfTheApp(); left.length > 0; left = this.processesOfTheApp()) {
      const signal = Date.now() - started > 60000 ? 'SIGKILL' : 'SIGTERM';
      for (const entry of left) {
        try { process.kill(Number(entry.split(' ')[0]), signal); } catch { /* gone already */ }
      }
      await sleep(100);
    }
    const appLog = path.join(this.home, 'deskauth.log');
    if (fs.existsSync(appLog)) fs.copyFileSync(appLog, path.join(this.out, 'deskauth.log'));
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
