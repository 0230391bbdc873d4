import { describe, expect, it } from 'vitest';
import { inferRole, type RoleInput } from '../../../src/ingest/inferRole.js';
import type { ColumnRole, SqlType } from '../../../src/shared/catalog.js';

const col = (name: string, type: SqlType, distinctCount: number, rowCount = 1000, extra: Partial<RoleInput['stats']> = {}, label = name): RoleInput => ({
  name,
  label,
  type,
  stats: { distinctCount, nullCount: 0, rowCount, ...extra },
});

describe('inferRole', () => {
  it.each<[string, RoleInput, ColumnRole]>([
    ['date column', col('date', 'date', 1461, 1461), 'time'],
    ['timestamp column', col('time', 'timestamp', 900), 'time'],
    ['double measure', col('precipitation', 'double', 111, 1461), 'measure'],
    ['integer measure', col('count', 'integer', 300), 'measure'],
    ['unique integer id', col('id', 'integer', 1000), 'identifier'],
    ['unique customer_id', col('customer_id', 'bigint', 990), 'identifier'],
    ['label ending in ID', col('c_3', 'integer', 1000, 1000, {}, 'Customer ID'), 'identifier'],
    ['low-cardinality foreign key', col('store_id', 'integer', 12), 'dimension'],
    ['year integer stays a dimension', col('year', 'integer', 16), 'dimension'],
    ['month integer', col('month', 'integer', 12), 'dimension'],
    ['0/1 flag', col('is_late', 'integer', 2), 'dimension'],
    ['boolean', col('member', 'boolean', 2), 'dimension'],
    ['low-cardinality text', col('weather', 'text', 5, 1461), 'dimension'],
    ['medium-cardinality text', col('city', 'text', 300), 'dimension'],
    ['near-unique text', col('title', 'text', 995), 'identifier'],
    ['unique text code', col('zip_code', 'text', 950), 'identifier'],
    ['long free text', col('review', 'text', 990, 1000, { avgLength: 230 }), 'text'],
    ['few rows: distinctness proves nothing', col('name', 'text', 5, 5), 'dimension'],
    ['all-null column', col('notes', 'text', 0, 100, { nullCount: 100 }), 'dimension'],
  ])('%s', (_n, input, role) => {
    expect(inferRole(input)).toBe(role);
  });

  it('uses only non-null rows for uniqueness', () => {
    expect(inferRole(col('ticket_id', 'integer', 100, 1000, { nullCount: 900 }))).toBe('identifier');
    expect(inferRole(col('ticket_id', 'integer', 100, 1000, { nullCount: 0 }))).toBe('dimension');
  });
});
