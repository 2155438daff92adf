// The benchmark table of DeskAuth against its references, all measured in one run on this machine
// (started by bench/run, inside the ports lock and a private gnome-keyring). Reuses the e2e harness:
// Xvfb, the development authorization server (--test-endpoints) and the API on 127.0.0.1, the
// release app driven by real key presses, headless Chromium as its system browser.
//   memory     PSS of the app's process tree, signed in, companies shown; an empty wx window
//              (bench/reference/bare-wx.cpp); a Chromium --app window showing the same companies
//   start-up   exec to the first paint of the window (median), the app and the empty wx window
//   login      the app's log: "authorization response received" to "companies painted"
//   refresh    bench/refresh-coalescing: N concurrent calls with an expired access token
//   API        bench/api-bench: /api/companies against /api/health of the same server
// Every loop is bounded; every server is on loopback. Settings (environment, with their bounds):
//   BENCH_STARTS (5, 1-20)  BENCH_LOGINS (15, 2-40)  BENCH_CALLS (50, 1-200)  BENCH_ROUNDS (5, 1-20)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Harness, repo } from '../tests/e2e/harness.mjs';
import { logTimes, median, memoryOf, percentile, processTree } from './measure.mjs';

const build = process.env.DESKAUTH_BUILD_DIR;
const setting = (name, fallback, low, high) => Math.min(Math.max(Number(process.env[name] || fallback), low), high);
const starts = setting('BENCH_STARTS', 5, 1, 20);
const logins = setting('BENCH_LOGINS', 15, 2, 40);
const calls = setting('BENCH_CALLS', 50, 1, 200);
const rounds = setting('BENCH_ROUNDS', 5, 1, 20);
const settleMs = 2000;  // after the window is shown, before reading its memory
const alice = { action: 'login', user: 'alice', password: 'Alice-Pass-1' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (message) => process.stderr.write(`bench: ${message}\n`);

async function until(probe, what, seconds) {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(10)) {
    const value = probe();
    if (value) return value;
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

async function exitOf(child, seconds = 10) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(seconds * 1000)]);
}

// Ends processes this bench started (by pid), gently first.
async function stopAll(child, pids) {
  child.kill('SIGTERM');
  await exitOf(child);
  await sleep(300);
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
}

function conditions() {
  const cache = fs.readFileSync(path.join(build, 'CMakeCache.txt'), 'utf8');
  const cached = (name) => cache.match(new RegExp(`^${name}:[A-Z]+=(.*)$`, 'm'))?.[1] ?? '?';
  const firstLine = (command, args) => {
    try { return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0].trim(); } catch { return '?'; }
  };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    buildType: cached('CMAKE_BUILD_TYPE'),
    compiler: firstLine(cached('CMAKE_CXX_COMPILER'), ['--version']),
    wx: firstLine('wx-config', ['--version']),
    chromium: firstLine('/usr/bin/chromium', ['--version']),
  };
}

// --- start-up: exec to the first paint, the app (its debug log line) and bare-wx (its stdout) ---
async function appStartMs(h) {
  const log = path.join(h.home, 'deskauth.log');
  const before = logTimes(log, /first view painted/).length;
  const spawned = Date.now();
  await h.startApp({ pollMs: 5 });
  return (await until(() => logTimes(log, /first view painted/)[before], 'the app\'s first paint', 20)) - spawned;
}

async function bareWx(h, measureMemory, args = []) {
  const spawned = Date.now();
  const child = spawn(path.join(build, 'bench/bare-wx'), args, { env: h.appEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (data) => { out += data; });
  try {
    const painted = await until(() => Number(out.match(/painted ([\d.]+)/)?.[1]), 'bare-wx\'s first paint', 20);
    let memory = null;
    if (measureMemory) {
      await sleep(settleMs);
      memory = memoryOf(processTree(child.pid));
      fs.writeFileSync(path.join(h.out, `bare-wx${args.join('')}.smaps`), fs.readFileSync(`/proc/${child.pid}/smaps`));
    }
    return { ms: painted - spawned, memory };
  } finally {
    await stopAll(child, []);
  }
}

// --- the Chromium reference: the same companies as a static page in one --app window -----------
function companiesPage(dir) {
  const users = JSON.parse(fs.readFileSync(path.join(repo, 'tools/authserver/users.json'), 'utf8')).users;
  const regions = users.find((u) => u.username === 'alice').regions;
  const rows = JSON.parse(fs.readFileSync(path.join(repo, 'resources/data/companies.json'), 'utf8'))
    .filter((c) => regions.includes(c.region)).sort((a, b) => a.name.localeCompare(b.name));
  const dollars = (n) => `$${n.toLocaleString('en-US')}`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>DeskAuth companies</title>
<style>body{font:14px sans-serif;margin:16px}table{border-collapse:collapse;width:100%}
th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}</style></head>
<body><h1>Companies (${rows.length})</h1><table><tr><th>Name</th><th>Region</th><th>Target</th><th>Investment</th><th>Investors</th></tr>
${rows.map((c) => `<tr><td>${c.name}</td><td>${c.region}</td><td class="n">${dollars(c.targetUsd)}</td><td class="n">${dollars(c.investmentUsd)}</td><td class="n">${c.noInvestors}</td></tr>`).join('\n')}
</table><p>Double-click a company, or select it and press Enter, to see its transactions.</p></body></html>\n`;
  const file = path.join(dir, 'companies.html');
  fs.writeFileSync(file, html);
  return file;
}

async function chromiumApp(h) {
  const profile = fs.mkdtempSync('/tmp/deskauth-bench-chromium-');
  const page = companiesPage(profile);
  const log = fs.openSync(path.join(h.out, 'chromium.log'), 'w');
  const child = spawn('/usr/bin/chromium', [
    `--app=file://${page}`, `--user-data-dir=${profile}`, '--window-size=980,640', '--no-sandbox', '--no-first-run',
    '--no-default-browser-check', '--disable-sync', '--disable-background-networking', '--disable-component-update',
    '--password-store=basic',
  ], { env: h.appEnv(), stdio: ['ignore', log, log] });
  let pids = [];
  try {
    const xdotool = (...args) => spawnSync('xdotool', args, { env: { ...process.env, DISPLAY: h.display }, encoding: 'utf8' });
    await until(() => xdotool('search', '--onlyvisible', '--name', 'DeskAuth companies').stdout.trim(), 'the Chromium window', 60);
    await sleep(settleMs + 1000);  // Chromium starts some of its processes after the first paint
    pids = processTree(child.pid, profile);
    const memory = memoryOf(pids);
    await h.screenshot('chromium-app');
    return memory;
  } finally {
    await stopAll(child, pids);
    fs.closeSync(log);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// --- the app: start-ups, repeated logins, memory once signed in ---------------------------------
async function desktop() {
  const h = new Harness('bench-run');
  const figures = { appStartMs: [], bareStartMs: [], loginMs: [] };
  try {
    await h.start();
    const log = path.join(h.home, 'deskauth.log');
    progress(`start-up, ${starts} runs each (and one warm-up) of the app and bare-wx, one at a time`);
    for (let run = -1; run < starts; run++) {
      await h.stopApp();
      const bare = await bareWx(h, run === starts - 1);  // memory when the app is not running
      if (bare.memory) {
        figures.bareMemory = bare.memory;
        figures.bareGtkDefaultsMemory = (await bareWx(h, true, ['--gtk-defaults'])).memory;
      }
      const app = await appStartMs(h);
      if (run >= 0) { figures.bareStartMs.push(bare.ms); figures.appStartMs.push(app); }
    }

    progress(`${logins} sign-ins (Ctrl+I, the browser signs in, companies shown; then Sign Out)`);
    for (let i = 0; i < logins; i++) {
      h.plan(alice);
      const painted = logTimes(log, /companies painted/).length;
      let sequence = h.status().sequence;
      await h.key('ctrl+i');
      await h.waitFor((s) => s.sequence > sequence && s.location === '/companies' && s.state === 'loaded', 'sign-in', 60, 10);
      const paintedAt = await until(() => logTimes(log, /companies painted/)[painted], 'the companies painted', 10);
      figures.loginMs.push(paintedAt - logTimes(log, /authorization response received/).at(-1));
      if (i === 0) {
        // the browser the app started has gone; then memory, signed in with the companies shown
        await until(() => processTree(h.app.pid).length === 1, 'the login browser to exit', 30);
        await sleep(settleMs);
        figures.appMemory = memoryOf(processTree(h.app.pid));
        fs.writeFileSync(path.join(h.out, 'deskauth.smaps'), fs.readFileSync(`/proc/${h.app.pid}/smaps`));  // what the memory is
        await h.screenshot('app-companies');
      }
      sequence = h.status().sequence;
      await h.key('ctrl+shift+o');
      await h.waitFor((s) => s.sequence > sequence && s.location === '/login' && s.state === 'idle', 'sign-out', 30, 10);
    }
    await h.stopApp();  // Chromium is measured alone, as the app and bare-wx were

    progress('Chromium --app window with the same companies');
    figures.chromiumMemory = await chromiumApp(h);

    progress(`refresh coalescing: ${calls} concurrent calls, ${rounds} rounds`);
    const refresh = spawnSync(path.join(build, 'bench/refresh-coalescing'), [h.issuer, `${h.apiUrl}/api`, String(calls), String(rounds)],
      { encoding: 'utf8', timeout: 180000 });
    if (refresh.stderr) process.stderr.write(refresh.stderr);
    const line = (refresh.stdout || '').split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`refresh-coalescing printed no figures (exit ${refresh.status})`);
    figures.refresh = { ...JSON.parse(line), exit: refresh.status };
  } finally {
    await h.stop();
  }
  figures.out = h.out;
  return figures;
}

function api(out) {
  progress('API: bench/api-bench (wrk)');
  const json = path.join(out, 'api-bench.json');
  const run = spawnSync(path.join(repo, 'bench/api-bench'), [], {
    env: { ...process.env, API_BENCH_BINARY: path.join(build, 'src/api/deskauth-api'), API_BENCH_JSON: json },
    encoding: 'utf8', timeout: 420000,  // two servers, 8 wrk runs, then callgrind: about 3 minutes
  });
  fs.writeFileSync(path.join(out, 'api-bench.txt'), `${run.stdout}\n${run.stderr}`);
  if (run.status !== 0) throw new Error(`bench/api-bench failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}

// One row per connection count and log level of bench/api-bench, then its callgrind count.
function apiRows(a) {
  const figure = (f) => `${f.rps.toFixed(0)} req/s, ${f.p50.toFixed(3)} ms, ${f.p99.toFixed(3)} ms`;
  const ratio = (n) => `${n.toFixed(2)}×`;
  const rows = a.runs.map((run) => {
    const off = a.runs.find((r) => r.connections === run.connections && r.logLevel === 'warn');
    const log = run.logLevel === 'info' && off
      ? `; request log on/off ${ratio(run.companies.rps / off.companies.rps)}` : '';
    const targets = run.logLevel === 'info' && off && run.connections === 32
      ? `on/off ≥ 0.9×: ${run.companies.rps / off.companies.rps >= 0.9 ? 'met' : '**missed**'}; ` +
        `p99 ≤ 5 ms: ${run.companies.p99 <= 5 ? 'met' : '**missed**'}` : '';
    return [`API: GET /api/companies, cached token, ${run.connections} connections, log ${run.logLevel} (req/s, p50, p99)`,
      figure(run.companies), `/api/health (no auth): ${figure(run.health)}`,
      `companies/health ${ratio(run.companies.rps / run.health.rps)}${log}`, targets];
  });
  const ir = a.instructionsPerRequest || {};
  if (Object.keys(ir).length) {
    rows.push(['API: instructions per cached-claims /api/companies request (callgrind)',
      Object.entries(ir).map(([level, n]) => `log ${level}: ${n}`).join('; '), '—',
      ir.info && ir.warn ? `request log ${ratio(ir.info / ir.warn)}` : '', '']);
  }
  return rows;
}

// --- the table ------------------------------------------------------------------------------
const began = Date.now();
const machine = conditions();
const loadBefore = os.loadavg();
const d = await desktop();
const a = api(d.out);
const loadAfter = os.loadavg();

const f1 = (n) => n.toFixed(1);
const f0 = (n) => n.toFixed(0);
const x = (n) => `${n.toFixed(2)}×`;
const r = d.refresh;
const overFloor = d.appMemory.pss - d.bareMemory.pss;
const underChromium = d.chromiumMemory.pss / d.appMemory.pss;
const met = (ok) => (ok ? 'met' : '**missed**');
const rows = [
  ['Memory: PSS (RSS) signed in, companies shown (MiB)',
    `${f1(d.appMemory.pss)} (${f1(d.appMemory.rss)}), ${d.appMemory.processes} process`,
    `bare wx ${f1(d.bareMemory.pss)} (${f1(d.bareMemory.rss)}); with GTK's OpenGL probe ${f1(d.bareGtkDefaultsMemory.pss)} (${f1(d.bareGtkDefaultsMemory.rss)}); Chromium --app ${f1(d.chromiumMemory.pss)} (${f1(d.chromiumMemory.rss)}), ${d.chromiumMemory.processes} processes`,
    `+${f1(overFloor)} MiB over bare wx (${x(d.appMemory.pss / d.bareMemory.pss)}); Chromium ${x(underChromium)} DeskAuth`,
    `≤ +15 MiB: ${met(overFloor <= 15)}; ≥ 5×: ${met(underChromium >= 5)}`],
  [`Start-up: exec → first paint, median of ${starts} (ms)`,
    `${f0(median(d.appStartMs))} (${f0(Math.min(...d.appStartMs))}–${f0(Math.max(...d.appStartMs))})`,
    `bare wx ${f0(median(d.bareStartMs))} (${f0(Math.min(...d.bareStartMs))}–${f0(Math.max(...d.bareStartMs))})`,
    x(median(d.appStartMs) / median(d.bareStartMs)), ''],
  [`Login: callback received → companies painted, ${logins} logins (ms)`,
    `median ${f0(median(d.loginMs))}, p95 ${f0(percentile(d.loginMs, 95))}`, '—', '', ''],
  [`Refresh coalescing: ${r.calls} concurrent calls, expired token, ${r.rounds} rounds`,
    `refreshes per round ${r.refreshes.join(', ')}; median ${f0(median(r.expiredMs))} ms`,
    `same calls, valid token: median ${f0(median(r.validMs))} ms`,
    x(median(r.expiredMs) / median(r.validMs)),
    `exactly 1 refresh per round: ${met(r.exit === 0 && r.refreshes.every((n) => n === 1))}` + (r.failures ? `; ${r.failures} calls failed` : '')],
  ...apiRows(a),
];
const load = (l) => l.map((n) => n.toFixed(2)).join(' ');
console.log(`DeskAuth benchmarks, ${machine.date}`);
console.log(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB; load average ${load(loadBefore)} before, ${load(loadAfter)} after`);
console.log(`Build: ${machine.buildType} (${build}), ${machine.compiler}; wxWidgets ${machine.wx}; ${machine.chromium}`);
console.log('');
console.log('| Figure | DeskAuth | Reference (same run) | Ratio | Target |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('');
console.log(`Took ${f0((Date.now() - began) / 1000)} s. Raw figures and screenshots: ${d.out}`);
fs.writeFileSync(path.join(d.out, 'figures.json'), JSON.stringify({ machine, loadBefore, loadAfter, desktop: d, api: a }, null, 2));
