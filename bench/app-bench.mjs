// Measures the desktop app end to end, with the real servers and the harness of tests/e2e:
// start-up to the first view, memory (PSS) once signed in, a full browser login, a silent token
// refresh (Expire Access Token + Reload) and a plain data reload, each from the key press to the
// automation status showing the loaded list (5 ms polling). Bounded: ROUNDS rounds (default 5, max 20).
// Prints one line per figure (median and max over the rounds). Usage: node bench/app-bench.mjs [ROUNDS]
import { Harness } from '../tests/e2e/harness.mjs';
import { median, processTree, pssMiB } from './measure.mjs';

const rounds = Math.min(Number(process.argv[2] || 5), 20);
const figures = { startMs: [], loginMs: [], reloadMs: [], silentRefreshMs: [], keyPressMs: [], pssMiB: [] };
const alice = { action: 'login', user: 'alice', password: 'Alice-Pass-1' };
const loaded = (s) => s.location === '/companies' && s.state === 'loaded';

async function timed(h, action, predicate, what) {
  const before = h.status().sequence;
  const start = performance.now();
  await action();
  await h.waitFor((s) => s.sequence > before && predicate(s), what, 60, 5);
  return performance.now() - start;
}

for (let round = 0; round < rounds; round++) {
  const h = new Harness(`bench-${round}`);
  try {
    await h.start();
    // start() waits for the first view; measure from the app's spawn by restarting it once.
    await h.stopApp();
    await h.startApp({ pollMs: 5 });
    figures.startMs.push(h.startupMs);
    h.plan(alice);
    figures.loginMs.push(await timed(h, () => h.key('ctrl+i'), loaded, 'login'));
    figures.reloadMs.push(await timed(h, () => h.key('F5'), loaded, 'reload'));
    figures.silentRefreshMs.push(await timed(h, async () => { await h.key('ctrl+shift+a'); await h.key('F5'); }, loaded, 'silent refresh'));
    // what one xdotool key press itself costs (included once in reload, twice in silent refresh)
    const k0 = performance.now();
    await h.key('shift');
    figures.keyPressMs.push(performance.now() - k0);
    figures.pssMiB.push(pssMiB(processTree(h.app.pid)));
  } finally {
    await h.stop();
  }
}

console.log(`DeskAuth app bench, ${rounds} rounds (median / max):`);
for (const [name, values] of Object.entries(figures)) {
  const unit = name.endsWith('MiB') ? 'MiB' : 'ms';
  console.log(`  ${name.padEnd(16)} ${median(values).toFixed(1).padStart(8)} ${unit}  / ${Math.max(...values).toFixed(1)} ${unit}`);
}
console.log('  (login includes launching headless Chromium and filling in its forms)');
