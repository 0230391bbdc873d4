import type { OutputColumn } from '../insights/compile.js';
import { csvLine } from './csvFormat.js';

export type ExportFormat = 'csv' | 'json';

/** How an export writes its parts: the head, each batch of rows, and the tail with the totals. */
export interface FormatWriter {
  contentType: string;
  head: string;
  /** One batch of rows (values in column order); `first` for the first batch written. */
  rows(rows: readonly (readonly unknown[])[], first: boolean): string;
  tail(rowCount: number, truncated: boolean): string;
}

/**
 * CSV: a header line of column names, then the rows (formulas escaped, csvFormat.ts); the totals
 * travel only as HTTP trailers. JSON: `{"dataset", "columns", "rows": [{…}, …], "totalRows",
 * "truncated"}`, rows as objects keyed by column name, the totals last since they are known last.
 */
export function exportFormat(format: ExportFormat, dataset: string, columns: readonly OutputColumn[]): FormatWriter {
  const names = columns.map((c) => c.name);
  if (format === 'csv') {
    return {
      contentType: 'text/csv; charset=utf-8',
      head: csvLine(names),
      rows: (rows) => {
        let text = '';
        for (const r of rows) text += csvLine(r);
        return text;
      },
      tail: () => '',
    };
  }
  // Keys are JSON-encoded once; each row is then its values spliced between them.
  const keys = names.map((n, i) => `${i ? ',' : '{'}${JSON.stringify(n)}:`);
  const meta = columns.map((c) => ({ name: c.name, label: c.label, type: c.type.toUpperCase(), role: c.role.toUpperCase() }));
  return {
    contentType: 'application/json; charset=utf-8',
    head: `{"dataset":${JSON.stringify(dataset)},"columns":${JSON.stringify(meta)},"rows":[`,
    rows: (rows, first) => {
      let text = '';
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        text += first && r === 0 ? '' : ',';
        for (let i = 0; i < keys.length; i++) text += keys[i] + (row[i] === undefined ? 'null' : JSON.stringify(row[i]));
        text += keys.length ? '}' : '{}';
      }
      return text;
    },
    tail: (rowCount, truncated) => `],"totalRows":${rowCount},"truncated":${truncated}}`,
  };
}
