import { describe, expect, it } from 'vitest';
import { replCommand } from '../../../src/cli/askCommands.js';
import { formatLearned, type LearnedWordView } from '../../../src/cli/learnedCommands.js';

const word = (over: Partial<LearnedWordView>): LearnedWordView => ({ id: 'i', phrase: 'p', column: 'c', agg: null, value: null, end: null, scope: 'OWNER', question: null, ...over });

describe('the chat REPL commands', () => {
  it('reads :name and /name with an argument; a question is no command', () => {
    expect(replCommand(':forget  Blustery wind ')).toEqual({ name: 'forget', arg: 'Blustery wind' });
    expect(replCommand('/learned')).toEqual({ name: 'learned', arg: '' });
    expect(replCommand('/LEARNED stocks')).toEqual({ name: 'learned', arg: 'stocks' });
    expect(replCommand('average wind by weather')).toBeNull();
    expect(replCommand('1/2 of sales')).toBeNull();
  });

  it('prints each word with what it means, whose it is and where it came from', () => {
    const out = formatLearned('seattle_weather', [
      word({ phrase: 'blustery', column: 'wind', end: 'HIGH', question: 'average blustery by weather' }),
      word({ phrase: 'zorbly', column: 'weather', value: 'drizzle', scope: 'TENANT' }),
      word({ phrase: 'priciest', column: 'price', agg: 'MAX' }),
    ]);
    expect(out.split('\n')).toEqual([
      'Learned for seattle_weather:',
      `  'blustery' means highest wind (yours) — from "average blustery by weather"`,
      "  'zorbly' means weather = drizzle (whole tenant)",
      "  'priciest' means max of price (yours)",
      'Remove one with :forget <phrase>.',
    ]);
    expect(formatLearned('stocks', [])).toBe('Nothing learned for stocks yet.');
  });
});
