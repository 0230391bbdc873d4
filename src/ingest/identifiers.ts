/** Postgres' identifier limit (NAMEDATALEN - 1), in bytes; our identifiers are ASCII. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * SQL keywords a column or dataset must not be named, though the compiler quotes identifiers:
 * Postgres' reserved words plus the statement verbs, so generated SQL and logs stay readable.
 */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ' +
    'ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not ' +
    'notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar ' +
    'some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window ' +
    'with alter delete drop insert truncate update grant revoke'
  ).split(' '),
);

/** Letters NFKD does not decompose into ASCII. */
const TRANSLIT: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'Ae', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'Oe', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i',
};

/** lower_snake_case ASCII core of a label, possibly empty: accents transliterated, other symbols dropped. */
function snake(label: string): string {
  return label
    .replace(/[ßæÆøØœŒłŁđĐþÞðÐı]/g, (c) => TRANSLIT[c] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/%/g, ' pct ')
    .replace(/#/g, ' num ')
    .replace(/&/g, ' and ')
    // camelCase and PascalCase words: "unitPrice" → unit_price, "HTTPStatus" → http_status.
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Cuts to `max` characters without leaving a trailing underscore. */
const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max).replace(/_+$/, ''));

/** Applies the digit-start and keyword rules to a non-empty snake core. */
function finish(core: string, digitPrefix: string): string {
  let s = core;
  if (/^[0-9]/.test(s)) s = `${digitPrefix}${s}`;
  s = cut(s, MAX_IDENTIFIER_BYTES);
  if (RESERVED.has(s)) s = `${s}_`;
  return s;
}

/**
 * SQL-safe column names for source labels: lower snake_case ASCII, at most 63 bytes, never empty
 * (`column_3`), never starting with a digit (`c_2019`), keywords suffixed (`select_`), unique
 * (`_2`, `_3`, never colliding with another label's own name).
 */
export function toSqlIdentifiers(labels: string[]): string[] {
  const bases = labels.map((l, i) => {
    const core = snake(l);
    return core ? finish(core, 'c_') : `column_${i + 1}`;
  });
  const used = new Set(bases);
  const assigned = new Set<string>();
  return bases.map((b) => {
    if (!assigned.has(b)) {
      assigned.add(b);
      return b;
    }
    for (let k = 2; ; k++) {
      const suffix = `_${k}`;
      const name = `${cut(b, MAX_IDENTIFIER_BYTES - suffix.length)}${suffix}`;
      if (!used.has(name)) {
        used.add(name);
        assigned.add(name);
        return name;
      }
    }
  });
}

const DATA_EXTENSIONS = /\.(csv|tsv|tab|txt|json|ndjson|jsonl|ldjson|parquet|pq)(\.gz)?$/i;

/**
 * SQL-safe dataset name from a label or file name (directory and data extension dropped):
 * `sales-2020.csv` → `sales_2020`; `x"; drop table datasets; --` → `x_drop_table_datasets`.
 * Returns '' when nothing usable is left, so the caller can reject the name.
 */
export function toDatasetName(label: string): string {
  const core = snake(labelBase(label));
  return core ? finish(core, 'd_') : '';
}

/** A label as the user wrote it, without directory and data extension: what two loads compare. */
export function labelBase(label: string): string {
  return label.trim().replace(/^.*[/\\]/, '').replace(DATA_EXTENSIONS, '');
}

/**
 * True when two labels are different names that normalise to one identifier ("Sales", "sales!",
 * "SALES"): loading one must not silently replace the other.
 */
export function namesCollide(existingLabel: string, requested: string): boolean {
  return labelBase(existingLabel) !== labelBase(requested);
}
