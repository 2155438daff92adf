// Measuring helpers shared by the benches: memory of a process tree from /proc, statistics, and
// the timestamps of the app's log lines.
import fs from 'node:fs';

// `pid` and all its living descendants (from the parent pid in /proc/*/stat; zombies, which hold
// no memory, are left out), plus any process whose command line contains `marker` (a helper that
// left the tree, e.g. a crash handler).
export function processTree(pid, marker = null) {
  const parents = new Map();
  const zombies = new Set();
  const markedPids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(ppid));
      if (state === 'Z') zombies.add(Number(entry));
      if (marker && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) markedPids.push(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  const tree = new Set([pid, ...markedPids]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) { tree.add(child); grew = true; }
    }
  }
  return [...tree].filter((p) => parents.has(p) && !zombies.has(p));
}

// A /proc/PID/smaps_rollup field of the processes, summed, in MiB.
function rollupMiB(pids, field) {
  let kB = 0;
  for (const pid of pids) {
    try {
      kB += Number(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))[1]);
    } catch { /* exited meanwhile */ }
  }
  return kB / 1024;
}

// Proportional set size: each shared page divided among the processes that map it, so the figure
// of one process also depends on what else runs (another GTK program halves the GTK pages).
export const pssMiB = (pids) => rollupMiB(pids, 'Pss');
// Resident set size: every page mapped and in memory, shared or not (summed over processes, it
// counts shared pages more than once). It does not depend on other programs.
export const rssMiB = (pids) => rollupMiB(pids, 'Rss');

export const memoryOf = (pids) => ({ pss: pssMiB(pids), rss: rssMiB(pids), processes: pids.length });

export const median = (values) => percentile(values, 50);

// Nearest-rank percentile.
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Epoch milliseconds of every line of the app's log (pattern "%Y-%m-%dT%H:%M:%S.%iZ ...", see
// src/core/log) whose text matches `pattern`, in order.
export function logTimes(file, pattern) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => pattern.test(line))
    .map((line) => Date.parse(line.slice(0, line.indexOf(' '))));
}
