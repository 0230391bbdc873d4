import { describe, expect, it } from 'vitest';
import { toDatasetName, toSqlIdentifiers } from '../../../src/ingest/identifiers.js';

const VALID = /^[a-z_][a-z0-9_]*$/;

describe('toSqlIdentifiers', () => {
  it('snake_cases ordinary labels', () => {
    expect(toSqlIdentifiers(['date', 'temp_max', 'US Gross', 'IMDB Rating', 'Running Time min', 'tempMax', 'Growth %', '# of votes'])).toEqual([
      'date',
      'temp_max',
      'us_gross',
      'imdb_rating',
      'running_time_min',
      'temp_max_2',
      'growth_pct',
      'num_of_votes',
    ]);
  });

  it('transliterates accents and drops emoji, quotes and semicolons', () => {
    expect(toSqlIdentifiers(['Température (°C)', 'Straße', 'Ærø', 'naïve café', '🚀 launches 🎉', 'a"b', "it's", 'x; drop table y; --'])).toEqual([
      'temperature_c',
      'strasse',
      'aero',
      'naive_cafe',
      'launches',
      'a_b',
      'it_s',
      'x_drop_table_y',
    ]);
  });

  it('never empty, never starting with a digit, keywords suffixed', () => {
    expect(toSqlIdentifiers(['', '   ', '🎉', '2019', '1st place', 'select', 'FROM', 'order', 'user', 'table'])).toEqual([
      'column_1',
      'column_2',
      'column_3',
      'c_2019',
      'c_1st_place',
      'select_',
      'from_',
      'order_',
      'user_',
      'table_',
    ]);
  });

  it('makes names unique without colliding with other labels', () => {
    expect(toSqlIdentifiers(['a', 'A', 'a_2', 'a', ''])).toEqual(['a', 'a_3', 'a_2', 'a_4', 'column_5']);
    expect(toSqlIdentifiers(['name', '', 'name', 'column_2'])).toEqual(['name', 'column_2', 'name_2', 'column_2_2']);
  });

  it('caps names at 63 bytes, also with a uniqueness suffix', () => {
    const long = 'very long label '.repeat(10);
    const names = toSqlIdentifiers([long, long, long]);
    for (const n of names) {
      expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
      expect(n).toMatch(VALID);
    }
    expect(new Set(names).size).toBe(3);
    expect(names[1]!.endsWith('_2')).toBe(true);
  });

  it('2,000 labels with many duplicates: all valid and unique', () => {
    const labels = Array.from({ length: 2000 }, (_, i) => ['x', 'X', 'x_2', '', '1', 'select', `c${i % 7}`][i % 7]!);
    const names = toSqlIdentifiers(labels);
    expect(new Set(names).size).toBe(2000);
    expect(names.every((n) => VALID.test(n) && n.length <= 63)).toBe(true);
  });
});

describe('toDatasetName', () => {
  it.each([
    ['seattle-weather.csv', 'seattle_weather'],
    ['/data/exports/Sales Q1 2020.xlsx.csv', 'sales_q1_2020_xlsx'],
    ['flights-3m.parquet', 'flights_3m'],
    ['unemployment-across-industries.json', 'unemployment_across_industries'],
    ['x"; drop table datasets; --', 'x_drop_table_datasets'],
    ["Robert'); DROP TABLE students;--", 'robert_drop_table_students'],
    ['2019 sales', 'd_2019_sales'],
    ['select', 'select_'],
    ['Données météo', 'donnees_meteo'],
    ['🎉🎉', ''],
    ['', ''],
  ])('%j → %j', (label, name) => {
    expect(toDatasetName(label)).toBe(name);
  });

  it('caps dataset names at 63 bytes', () => {
    expect(toDatasetName('a'.repeat(200)).length).toBe(63);
  });
});

describe('toSqlIdentifiers: case boundaries', () => {
  it('splits camelCase and acronyms', () => {
    expect(toSqlIdentifiers(['unitPrice', 'HTTPStatus', 'ID'])).toEqual(['unit_price', 'http_status', 'id']);
  });
});
