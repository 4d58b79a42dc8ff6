// Compares the figures of each peer with ours (revlens_bench --figures): every number within 1e-9 relative, the same
// stages and months. Prints each difference as "report.path: ours X, peer Y" and exits 1 if any.
//   node tests/bench/compare.cjs OURS.json NAME=PEER.json...
'use strict';
const fs = require('node:fs');

const TOLERANCE = 1e-9;

function same(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

// Lists are keyed (stage, month) so the order each implementation emits does not matter.
function diff(ours, peer, where, out) {
  if (Array.isArray(ours) || Array.isArray(peer)) {
    if (!Array.isArray(ours) || !Array.isArray(peer))
      return out.push(`${where}: ours ${JSON.stringify(ours)}, peer ${JSON.stringify(peer)}`);
    const key = (r) => (r && (r.stage ?? r.month)) ?? JSON.stringify(r);
    const theirs = new Map(peer.map((r) => [key(r), r]));
    for (const r of ours) {
      if (!theirs.has(key(r))) out.push(`${where}[${key(r)}]: ours ${JSON.stringify(r)}, peer has no such row`);
      else diff(r, theirs.get(key(r)), `${where}[${key(r)}]`, out);
      theirs.delete(key(r));
    }
    for (const [k, r] of theirs) out.push(`${where}[${k}]: ours has no such row, peer ${JSON.stringify(r)}`);
    return;
  }
  if (ours && typeof ours === 'object' && peer && typeof peer === 'object') {
    for (const k of new Set([...Object.keys(ours), ...Object.keys(peer)]))
      diff(ours[k], peer[k], `${where}.${k}`, out);
    return;
  }
  if (!same(ours ?? null, peer ?? null)) out.push(`${where}: ours ${JSON.stringify(ours)}, peer ${JSON.stringify(peer)}`);
}

const [oursPath, ...peers] = process.argv.slice(2);
const ours = JSON.parse(fs.readFileSync(oursPath, 'utf8'));
let failed = false;
for (const arg of peers) {
  const [name, file] = arg.split('=');
  const out = [];
  diff(ours, JSON.parse(fs.readFileSync(file, 'utf8')), 'figures', out);
  if (out.length) {
    failed = true;
    console.log(`figures DISAGREE: ours vs ${name} (${out.length} differences)`);
    for (const line of out.slice(0, 40)) console.log('  ' + line);
    if (out.length > 40) console.log(`  ... and ${out.length - 40} more`);
  } else {
    console.log(`figures agree: ours = ${name} (win rate, open pipeline by stage, bookings by month, cycle median; ` +
                `all, owner, period; 1e-9 relative)`);
  }
}
process.exit(failed ? 1 : 0);
