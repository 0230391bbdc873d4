import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Real series from the vega-datasets package, read from the package folder on disk (its exports
// map hides data/). Shared by the model tests and the bench.
export const VEGA_DIR = fileURLToPath(new URL('../../../node_modules/vega-datasets/data/', import.meta.url));

/** Rows of a simple comma-separated file with a header (no quoted commas in these files). */
export function readCsv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(VEGA_DIR + name, 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** A JSON data file. */
export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(VEGA_DIR + name, 'utf8')) as T;
}

/** Nile annual flow at Aswan, 1871-1970 (R's datasets::Nile, 10^8 m^3). */
export const NILE = [
  1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140, 1100, 1210, 1150, 1250, 1260, 1220,
  1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969, 831, 726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698,
  845, 744, 796, 1040, 759, 781, 865, 845, 944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890, 744, 749, 838, 1050,
  918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718, 714, 740,
];
