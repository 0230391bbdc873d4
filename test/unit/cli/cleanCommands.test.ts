import { describe, expect, it } from 'vitest';
import { formatQuality, parseCleanArgs, STEP_MUTATIONS } from '../../../src/cli/cleanCommands.js';
import { argsFor, rootField } from '../../../src/cli/graphqlValues.js';
import type { QualityReportOut } from '../../../src/cli/cleanCommands.js';

describe('insightql clean arguments', () => {
  const args = (step: string, argv: string[]) => {
    const { options } = parseCleanArgs(argv);
    return argsFor(rootField('Mutation', step, STEP_MUTATIONS, 'step'), options, true);
  };

  it('takes positionals, camel-cases options and types each as the mutation argument it names', () => {
    const r = parseCleanArgs(['shop', 'removeDuplicates', '--mode', 'fuzzy', '--columns', 'name,city', '--threshold', '0.85', '--weights=2,1', '--preview', '--order-by', 'day']);
    expect(r.positionals).toEqual(['shop', 'removeDuplicates']);
    expect([...r.flags]).toEqual(['preview']);
    expect(argsFor(rootField('Mutation', 'removeDuplicates', STEP_MUTATIONS, 'step'), r.options, true)).toEqual({
      mode: 'FUZZY',
      columns: ['name', 'city'],
      threshold: 0.85,
      weights: [2, 1],
      orderBy: 'day',
    });
  });

  it('reads JSON arguments as JSON, booleans as booleans, and keeps text as it is', () => {
    expect(args('standardizeValues', ['--column', 'city', '--method', 'MAPPING', '--mapping', '{"N/A":null,"NY":"New York"}'])).toEqual({ column: 'city', method: 'MAPPING', mapping: { 'N/A': null, NY: 'New York' } });
    expect(args('coerceType', ['--column', '2024', '--to', 'double', '--units', 'false'])).toEqual({ column: '2024', to: 'DOUBLE', units: false });
    expect(args('imputeMissing', ['--column', 'c', '--method', 'constant', '--value', 'New York'])).toEqual({ column: 'c', method: 'CONSTANT', value: 'New York' });
  });

  it('takes enum values in GraphQL spelling, in lower case, and in the core spelling (null for SET_NULL)', () => {
    for (const v of ['SET_NULL', 'set_null', 'null']) expect(args('coerceType', ['--column', 'c', '--to', 'integer', '--onError', v]).onError).toBe('SET_NULL');
    expect(args('handleOutliers', ['--column', 'c', '--action', 'CAP', '--method', 'iqr'])).toEqual({ column: 'c', action: 'CAP', method: 'IQR' });
  });

  it('refuses an option without a value, an unknown option and an unknown value, naming each', () => {
    expect(() => parseCleanArgs(['d', 'trimAndCase', '--columns'])).toThrow(/option --columns needs a value/);
    expect(() => args('trimAndCase', ['--colums', 'a'])).toThrow(/trimAndCase has no option --colums.*did you mean 'columns'/);
    expect(() => args('coerceType', ['--column', 'c', '--to', 'integr'])).toThrow(/--to must be one of .*INTEGER.*not 'integr'.*did you mean 'INTEGER'/);
    expect(() => args('removeDuplicates', ['--mode', 'exact', '--threshold', 'high'])).toThrow(/--threshold must be a number, not 'high'/);
    expect(() => rootField('Mutation', 'dedupe', STEP_MUTATIONS, 'step')).toThrow(/unknown step 'dedupe'; steps: removeDuplicates/);
  });
});

describe('insightql quality output', () => {
  const report: QualityReportOut = {
    dataset: 'shop',
    version: 3,
    rowCount: 10,
    rowsExamined: 10,
    sampled: false,
    columns: [{ name: 'city', type: 'TEXT', role: 'DIMENSION', nullCount: 1, disguisedNullCount: 2, distinctCount: 6, findings: 1 }],
    findings: [
      {
        kind: 'disguised_nulls', column: 'city', count: 2, share: 0.2, examples: [{ value: 'N/A', count: 2 }],
        message: "2 value(s) of 'city' stand for a missing value (\"N/A\")",
        fix: { step: 'standardizeValues', params: { column: 'city', method: 'MAPPING', mapping: { 'N/A': null } } },
      },
    ],
  };

  it('prints the columns and each finding with a command that fixes it', () => {
    const text = formatQuality(report);
    expect(text).toContain('shop (version 3): 10 rows');
    expect(text).toMatch(/city\s+text\s+dimension\s+1\s+2\s+6\s+1/);
    expect(text).toContain(`clean shop standardizeValues --column city --method MAPPING --mapping '{"N/A":null}'`);
    // The printed fix parses back to the finding's parameters.
    const printed = text.split('\n').find((l) => l.includes('disguised_nulls'))!;
    const argv = printed.slice(printed.indexOf('clean shop') + 'clean '.length).trim().match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    expect(argsFor(rootField('Mutation', 'standardizeValues', STEP_MUTATIONS, 'step'), parseCleanArgs(argv.slice(2)).options, true)).toEqual(report.findings[0]!.fix!.params);
  });

  it('says so when nothing is wrong', () => {
    expect(formatQuality({ ...report, findings: [] })).toContain('No problems found.');
  });
});
