import { describe, expect, it } from 'vitest';
import { appendTarget } from '../../../src/ingest/loadTarget.js';
import { isAppError } from '../../../src/shared/errors.js';
import type { CatalogColumn, SqlType } from '../../../src/shared/catalog.js';

const column = (name: string, type: SqlType, label = name): CatalogColumn => ({ name, label, type, role: 'dimension', position: 0, stats: null });
const INPUT = [column('id', 'integer'), column('city', 'text', 'City'), column('price', 'text')];
const CURRENT = [column('town', 'text'), column('price', 'double')];

describe('appendTarget', () => {
  it("types a batch with the recipe's source columns as the source was", () => {
    const t = appendTarget('shop', { input: INPUT, current: CURRENT }, ['price', 'City', 'id']);
    expect(t).toEqual({ names: ['price', 'city', 'id'], labels: ['price', 'City', 'id'], types: ['text', 'text', 'integer'], shape: 'input' });
  });

  it('takes a batch already in the cleaned columns with their types', () => {
    expect(appendTarget('shop', { input: INPUT, current: CURRENT }, ['town', 'price'])).toMatchObject({ types: ['text', 'double'], shape: 'current' });
    // Without a recipe that leads from the source's columns, only the current ones fit.
    expect(appendTarget('shop', { input: null, current: INPUT }, ['id', 'City', 'price']).shape).toBe('current');
  });

  it('refuses any other shape, naming what is missing, what is unknown and what else would fit', () => {
    let message = '';
    try {
      appendTarget('shop', { input: INPUT, current: CURRENT }, ['town', 'cost']);
    } catch (e) {
      if (!isAppError(e)) throw e;
      expect(e.code).toBe('SCHEMA_MISMATCH');
      message = e.message;
    }
    expect(message).toBe("cannot append to 'shop': columns differ (missing 'price'; unknown 'cost'); the source's own columns are also accepted: 'id', 'City', 'price'");
  });
});
