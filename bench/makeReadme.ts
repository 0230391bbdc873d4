// Builds bench/README.md from the tables the benchmarks left in bench/out/ (run them first:
// npm run bench). Keeps each bench's own text; drops npm's warnings.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECTIONS: [string, string, string][] = [
  ['startup', "Start-up and the CLI's cold start (Front door)", 'Targets: `npm start` runs no `tsc` when nothing changed (prestart < 1 s); a restart is ready in < 10 s; `insightql datasets` on the embedded database in < 2 s. Compare with the bare `node` line of the same run: on a loaded machine every figure grows with it.'],
  ['ingest', 'Ingest (Foundation)', 'Target: ≥ 50% of raw `\\copy` throughput; peak RSS < 300 MB whatever the file size.'],
  ['graphql', 'GraphQL layer (Foundation)', 'Target: ≥ 80% of bare Apollo Server\'s requests/s.'],
  ['insight', '`insight` vs the same SQL through pg (Foundation)', 'Targets: median overhead < 2 ms on a 10-row result; 3M-row aggregation within 1.2×.'],
  ['nlp', 'Question → plan (Chat)', 'Targets: median < 2 ms, p99 < 10 ms on 50 columns and 100k dimension values; vocabulary build < 1 s.'],
  ['ask', '`ask` vs the `insight` call it produces (Chat)', 'Target: within 3 ms.'],
  ['models', 'Models vs R forecast::ets (Trends)', 'Targets: mean sMAPE within 5% of R; auto-ETS on 1,000 points < 50 ms; 1,000 series × 500 points < 5 s.'],
  ['cleaning-fuzzy', 'Fuzzy duplicates (Cleaning)', 'Target: 1M rows < 60 s with blocking; recall kept vs all-pairs on 10k.'],
  ['cleaning-sql', 'Set-based cleaning steps vs hand-written SQL (Cleaning)', 'Target: within 1.5×.'],
  ['cleaning-append', 'Appended batches through the recipe (Cleaning)', "No target in the issue; the cost of the recipe per batch beside a plain append of the same batches. A plain append of a small batch to a large dataset merges the batch's profile into the dataset's (see `src/ingest/profileMerge.ts`); the recipe's steps that compare with the dataset (exact dedupe, standardize's known values, fills along time) each read it once."],
];

let out = `# Benchmarks\n\nEach benchmark prints its own reference beside it in the same run (raw COPY, bare Apollo, raw pg, R's ets, all-pairs, hand-written SQL). One run each on the 2-core development machine, shared with other work, so treat single figures as indicative. Re-run: \`npm run bench\` (or \`npx tsx bench/<name>.ts\`), then \`npx tsx bench/makeReadme.ts\`.\n`;
for (const [file, title, target] of SECTIONS) {
  const p = join('bench', 'out', `${file}.txt`);
  if (!existsSync(p)) continue;
  const text = readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => !/^npm warn|injected env|^\s*$/.test(l))
    .join('\n');
  out += `\n## ${title}\n\n${target}\n\n\`\`\`\n${text.trim()}\n\`\`\`\n`;
}
writeFileSync(join('bench', 'README.md'), out);
console.log('bench/README.md written');
