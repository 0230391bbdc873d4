import { describe, expect, it } from 'vitest';
import { formatQuality, parseCleanArgs } from '../../../src/cli/cleanCommands.js';
import type { QualityReport } from '../../../src/cleaning/qualityReport.js';

describe('insightql clean arguments', () => {
  it('takes positionals, camel-cases options, splits lists and reads JSON values', () => {
    const r = parseCleanArgs(['shop', 'removeDuplicates', '--mode', 'fuzzy', '--columns', 'name,city', '--threshold', '0.85', '--weights=2,1', '--preview', '--keep-policy', 'last']);
    expect(r.positionals).toEqual(['shop', 'removeDuplicates']);
    expect(r.options).toEqual({ mode: 'fuzzy', columns: ['name', 'city'], threshold: 0.85, weights: [2, 1], keepPolicy: 'last' });
    expect([...r.flags]).toEqual(['preview']);
  });

  it('reads objects, booleans and null as JSON, and keeps other text as it is', () => {
    const r = parseCleanArgs(['d', 'standardizeValues', '--mapping', '{"N/A":null,"NY":"New York"}', '--units', 'false', '--value', 'New York']);
    expect(r.options).toEqual({ mapping: { 'N/A': null, NY: 'New York' }, units: false, value: 'New York' });
  });

  it('refuses an option without a value, naming it', () => {
    expect(() => parseCleanArgs(['d', 'trimAndCase', '--columns'])).toThrow(/option --columns needs a value/);
  });
});

describe('insightql quality output', () => {
  const report: QualityReport = {
    dataset: 'shop',
    version: 3,
    rowCount: 10,
    rowsExamined: 10,
    sampled: false,
    columns: [{ name: 'city', type: 'text', role: 'dimension', nullCount: 1, disguisedNullCount: 2, distinctCount: 6, findings: 1 }],
    findings: [
      {
        kind: 'disguised_nulls', column: 'city', count: 2, share: 0.2, examples: [{ value: 'N/A', count: 2 }],
        message: "2 value(s) of 'city' stand for a missing value (\"N/A\")",
        fix: { step: 'standardizeValues', params: { column: 'city', method: 'mapping', mapping: { 'N/A': null } } },
      },
    ],
  };

  it('prints the columns and each finding with a command that fixes it', () => {
    const text = formatQuality(report);
    expect(text).toContain('shop (version 3): 10 rows');
    expect(text).toMatch(/city\s+text\s+dimension\s+1\s+2\s+6\s+1/);
    expect(text).toContain(`clean shop standardizeValues --column city --method mapping --mapping '{"N/A":null}'`);
    // The printed fix parses back to the finding's parameters.
    const printed = text.split('\n').find((l) => l.includes('disguised_nulls'))!;
    const argv = printed.slice(printed.indexOf('clean shop') + 'clean '.length).trim().match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    expect(parseCleanArgs(argv).options).toEqual(report.findings[0]!.fix!.params);
  });

  it('says so when nothing is wrong', () => {
    expect(formatQuality({ ...report, findings: [] })).toContain('No problems found.');
  });
});
