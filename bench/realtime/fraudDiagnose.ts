import { LiveDetector } from '../../src/realtime/core/detector.js';
import { transactionSpecs, transactionStream } from './evaluate.js';

/**
 * Prints each ROW_ZSCORE and FIRST_SEEN alert off a label in the transaction evaluation, with what
 * the key had shown before it, to see why it fired: npx tsx bench/realtime/fraudDiagnose.ts
 */
const { base, half, stream, points } = transactionStream();
const specs = [transactionSpecs.ROW_ZSCORE, transactionSpecs.FIRST_SEEN];
const start = base[half]!.time;
for (const spec of specs) {
  const want = spec.kind === 'ROW_ZSCORE' ? 'amount' : 'new value';
  const found = new LiveDetector(spec).score(points).filter((f) => stream[f.eventIndex]!.time >= start);
  console.log(`\n## ${spec.kind}: ${found.length} alerts`);
  for (const f of found) {
    const e = stream[f.eventIndex]!;
    const before = stream.slice(0, f.eventIndex).filter((x) => x.origin === e.origin);
    const tag = e.label === want ? 'TRUE ' : `FALSE${e.label ? ` (${e.label})` : ''}`;
    const history = spec.kind === 'ROW_ZSCORE'
      ? `n=${before.length} recent=${before.slice(-12).map((x) => x.distance).join(',')}`
      : `n=${before.length} distinct=${new Set(before.map((x) => x.destination)).size} dest seen by ${new Set(stream.slice(0, f.eventIndex).filter((x) => x.destination === e.destination).map((x) => x.origin)).size} origins (${stream.slice(0, f.eventIndex).filter((x) => x.destination === e.destination).length} events)`;
    console.log(`${tag.padEnd(16)} #${f.eventIndex} ${e.origin}->${e.destination} value=${f.value} exp=${f.expected?.toFixed?.(0) ?? '-'} score=${f.score.toFixed(2)} ${history}`);
  }
  const hit = new Set(found.map((f) => f.eventIndex));
  stream.forEach((e, i) => {
    if (e.label !== want || hit.has(i)) return;
    const before = stream.slice(0, i).filter((x) => x.origin === e.origin);
    console.log(`MISSED           #${i} ${e.origin}->${e.destination} value=${spec.kind === 'ROW_ZSCORE' ? e.distance : e.destination} n=${before.length} distinct=${new Set(before.map((x) => x.destination)).size}`);
  });
  const clean = new LiveDetector(spec).score(base.map((e) => ({ time: e.time, row: { ...e } }))).filter((f) => f.time >= start);
  console.log(`-- clean stream: ${clean.length} alerts`);
  for (const f of clean) {
    const i = base.findIndex((x) => x.time === f.time && String(spec.kind === 'ROW_ZSCORE' ? x.distance : x.destination) === String(f.value) && x.origin === f.segment);
    const e = base[i]!;
    const before = base.slice(0, i).filter((x) => x.origin === e.origin);
    const history = spec.kind === 'ROW_ZSCORE'
      ? `n=${before.length} recent=${before.slice(-12).map((x) => x.distance).join(',')}`
      : `n=${before.length} distinct=${new Set(before.map((x) => x.destination)).size} dest seen by ${new Set(base.slice(0, i).filter((x) => x.destination === e.destination).map((x) => x.origin)).size} origins (${base.slice(0, i).filter((x) => x.destination === e.destination).length} events)`;
    console.log(`clean           ${e.origin}->${e.destination} value=${f.value} exp=${f.expected?.toFixed?.(0) ?? '-'} score=${f.score.toFixed(2)} ${history}`);
  }
}
