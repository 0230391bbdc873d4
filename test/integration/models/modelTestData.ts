import { Readable } from 'node:stream';
import type { TestServer } from '../../support/testServer.js';

/** Loads CSV text as a dataset (appending to it when asked). */
export async function ingestText(s: TestServer, name: string, csv: string, append = false): Promise<void> {
  await s.app.services.ingest.ingest({ name, input: { kind: 'stream', stream: Readable.from([Buffer.from(csv)]), fileName: `${name}.csv` }, format: 'csv', append });
}

/** Monthly CSV rows (date,region,sales) from a value function, one row per month and region. */
export function monthlyCsv(months: number, regions: string[], value: (month: number, region: number) => number | null, startYear = 2000): string {
  const lines = ['date,region,sales'];
  for (let m = 0; m < months; m++) {
    const date = new Date(Date.UTC(startYear, m, 1)).toISOString().slice(0, 10);
    regions.forEach((r, k) => {
      const v = value(m, k);
      lines.push(`${date},${r},${v === null ? '' : v}`);
    });
  }
  return lines.join('\n');
}
