import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { DEFAULT_TENANT } from '../../src/auth/principal.js';
import { FINDING_KINDS } from '../../src/cleaning/detect/types.js';
import { guardDataTable } from '../../src/warehouse/rowSecurity.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { runCli } from '../support/cliProcess.js';
import { makeDirtyMovies } from '../support/dirty.js';
import { testTargets } from '../support/targets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { createDataset, type Cell } from '../integration/cleaning/support.js';

/**
 * One vocabulary: every kind of quality finding comes with a fix that its mutation takes exactly
 * as given (fix.params as the mutation's variables), and that `insightql clean` takes exactly as
 * `insightql quality` prints it.
 */
const schema = buildSchema(loadTypeDefs());

/** Dirty movies, plus columns that are constant, almost empty and impossible dates, and exact repeats. */
function dirtyRows(): { columns: { name: string; type: 'text' | 'double' }[]; rows: Cell[][] } {
  const d = makeDirtyMovies(42);
  const columns = [
    { name: 'Title', type: 'text' as const },
    { name: 'Distributor', type: 'text' as const },
    { name: 'Major Genre', type: 'text' as const },
    { name: 'Production Budget', type: 'text' as const },
    { name: 'US Gross', type: 'double' as const },
    { name: 'Shown', type: 'text' as const },
    { name: 'Note', type: 'text' as const },
    { name: 'Opened', type: 'text' as const },
    // Free text (long, mostly distinct): the dirty copies' edited titles make near-duplicate records here
    // (the titles themselves are classed as a category, whose variants are spellings).
    { name: 'Synopsis', type: 'text' as const },
  ];
  // The first 900 films with their dirty copies: every kind of problem, at a size a busy machine reports on quickly.
  const keptAt = d.rows.map((_, i) => i).filter((i) => d.origin[i]! < 900);
  // A film's opening date goes with the film (its dirty copies keep it), as a record entered twice would.
  const rows: Cell[][] = keptAt.map((at, i) => [d.rows[at]!, d.origin[at]!, i] as const).map(([m, film, i]) => [
    m.Title as Cell,
    m.Distributor as Cell,
    m['Major Genre'] as Cell,
    m['Production Budget'] === null ? null : String(m['Production Budget']),
    m['US Gross'] as Cell,
    'yes',
    i === 7 ? 'restored print' : null,
    film % 50 === 0 ? `2001-02-${29 + (film % 3)}` : `2001-${String((film % 12) + 1).padStart(2, '0')}-${String((film % 28) + 1).padStart(2, '0')}`,
    m.Title === null ? null : synopsis(String(m.Title)),
  ]);
  for (let i = 0; i < 5; i++) rows.push([...rows[i * 10]!]);
  // Near-duplicate records: a copy whose free text has one letter changed mid-way.
  for (let i = 0; i < 3; i++) {
    const copy = [...rows[i * 10 + 1]!];
    const text = String(copy[8]);
    const mid = Math.floor(text.length / 2);
    copy[8] = `${text.slice(0, mid)}${text[mid] === 'x' ? 'y' : 'x'}${text.slice(mid + 1)}`;
    rows.push(copy);
  }
  return { columns, rows };
}

/** Long free text that only its title varies: near-identical exactly when the titles are. */
const synopsis = (t: string) => `${t} / ${t.toLowerCase()} / ${[...t].reverse().join('')}`;

const cli = (args: string[]) => runCli(args, { INSIGHTQL_API_KEY: '' });

/** A command as the quality table prints it, split as a shell would (single quotes). */
function shellWords(cmd: string): string[] {
  return (cmd.match(/'(?:[^']|'\\'')*'|\S+/g) ?? []).map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w));
}

describe.each(testTargets().filter((t) => t.kind === 'embedded'))('every finding kind, its fix, its mutation and its command ($kind)', { timeout: 900_000 }, (target) => {
  let srv: TestServer;
  type Finding = { kind: string; column: string | null; fix: { step: string; params: Record<string, unknown> } | null };
  let findings: Finding[] = [];

  beforeAll(async () => {
    srv = await startTestServer(target);
    const { columns, rows } = dirtyRows();
    const wh = srv.app.services.warehouse;
    await createDataset(wh, 'films', columns, rows);
    // Made without a load, so put under the tenant's row security as a load would.
    const [d] = await wh.query<{ table_name: string }>(`SELECT table_name FROM catalog.datasets WHERE name = 'films'`);
    await guardDataTable(wh, d!.table_name, DEFAULT_TENANT);
    const r = await srv.gql(`{ dataQuality(dataset: "films", key: ["Title"]) { findings { kind column fix { step params } } } }`);
    expect(r.errors).toBeUndefined();
    findings = r.data.dataQuality.findings;
  }, 600_000);
  afterAll(async () => srv?.close());

  const firstOfEachKind = () => [...new Map(findings.filter((f) => f.fix).map((f) => [f.kind, f])).values()];

  it('finds every kind of finding, each with a fix', () => {
    // Dates in the future get no automatic fix by design (planned dates may lie ahead); every other kind has one.
    const fixable: string[] = FINDING_KINDS.filter((k) => k !== 'future_dates');
    const found = firstOfEachKind().map((f) => f.kind);
    expect(found.sort()).toEqual(expect.arrayContaining(fixable));
    expect(found.filter((k) => !fixable.includes(k))).toEqual([]);
  });

  it("feeds each fix to its mutation unchanged: fix.params are the mutation's arguments", async () => {
    for (const f of firstOfEachKind()) {
      const field = schema.getMutationType()!.getFields()[f.fix!.step]!;
      expect(field, f.fix!.step).toBeTruthy();
      const vars: Record<string, unknown> = { dataset: 'films', ...f.fix!.params, preview: true };
      const used = field.args.filter((a) => a.name in vars);
      expect(used.map((a) => a.name).sort(), `${f.kind}: every parameter is an argument`).toEqual(Object.keys(vars).sort());
      const doc = `mutation Fix(${used.map((a) => `$${a.name}: ${a.type}`).join(', ')}) { ${field.name}(${used.map((a) => `${a.name}: $${a.name}`).join(', ')}) { preview counts { affected } } }`;
      const r = await srv.gql(doc, vars);
      expect(r.errors, `${f.kind}: ${JSON.stringify(f.fix)} → ${JSON.stringify(r.errors)}`).toBeUndefined();
      expect(r.data[field.name].preview).toBe(true);
    }
  });

  it('runs each fix as `insightql quality` prints it, with `insightql clean`', async () => {
    const q = await cli(['quality', 'films', '--key', 'Title', '--server', srv.base]);
    expect(q.stderr).toBe('');
    expect(q.status).toBe(0);
    const printed = q.stdout.split('\n');
    for (const f of firstOfEachKind()) {
      const line = printed.find((l) => new RegExp(`^${f.kind}\\s+${(f.column ?? '(rows)').replace(/[()]/g, '\\$&')}\\s`).test(l) && l.includes(`clean films ${f.fix!.step} `));
      expect(line, `${f.kind} on ${f.column}: printed with its command`).toBeTruthy();
      const words = shellWords(line!.slice(line!.indexOf('clean films ')).trim());
      const r = await cli([...words, '--preview', '--server', srv.base]);
      expect(r.stderr, `${f.kind}: insightql ${r.args}`).toBe('');
      expect(r.status, `${f.kind}: insightql ${r.args}`).toBe(0);
      expect(r.stdout).toMatch(/preview/);
    }
  });
});
