import type { Aggregation } from '../insights/insightQuery.js';
import { lemmasOf } from './wordnet/lemmas.js';

/**
 * General English the planner understands without a catalog: function words, aggregation and
 * intent cues, time words. Nothing here names a dataset or a column; a word that is neither in
 * this lexicon nor linked to the catalog is an "unknown term".
 */

export const STOPWORDS = new Set(
  `a an the of in on at to for from with without by per and or but is are was were be been being am do does did done
  what whats what's which who whom whose when where how why that this these those there here it its it's they them their
  i me my we us our you your he she his her can could would should will shall may might must please kindly just also
  show shows showing give tell display plot chart graph draw visualize visualise get find fetch return see let lets let's
  want need like know about as than then so such into over under up down out off all any each every some much many
  has have had having did got over during within across among between through until till since before after
  one ones value values data number numbers amount figure figures stat stats statistic statistics overall whole entire
  result results record records row rows entry entries thing things time times day days week weeks month months quarter quarters
  year years today yesterday tomorrow now recent recently currently current latest earliest last next past previous prior this
  same other only just both either neither not no isn't wasn't aren't weren't don't doesn't didn't there's ever
  happened happen had was total average mean typical sum maximum minimum max min highest lowest most least top bottom
  count counts vs versus compare compared comparison against trend trends trending change changes changed over time
  breakdown break split group grouped grouping distribution spread histogram share percent percentage proportion fraction portion
  correlation correlate correlated relationship related relation between forecast predict prediction projected project
  anomaly anomalies anomalous unusual outlier outliers weird strange spike spikes dip dips seasonality seasonal pattern patterns cycle cycles
  level levels rate rates go goes went going look looks looking trend up rise rose fall fell drop dropped increase increased decrease decreased
  grow grew growth decline declined increasing decreasing rising falling growing declining dropping climbing climb climbed jumped jump trended higher lower more less fewer greater larger smaller bigger above below exceed exceeds exceeded
  equal equals exactly around approximately about roughly whole full ranked rank ranking order ordered sorted sort first
  median mid middle typical usually normally generally biggest smallest largest best worst peak trough lows highs
  daily weekly monthly quarterly yearly annually annual hourly minute minutes hour hours dates date period periods
  jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july august september october november december
  q1 q2 q3 q4 h1 h2 ytd mtd yoy mom qoq wow
  instead again too also okay ok well right thanks thank hi hello hey people person persons outside grand single anything everything anyone
  take takes took taken came come comes appear appears appeared occur occurs occurred covered away tested measured listed included observed sampled collected
  live lives lived reside resides resided run runs ran conducted carried surveyed interviewed questioned
  work
  founded built constructed born started began begun established opened launched incorporated
  hit hits reach reached reaches belong belongs belonged tend tends tended score scores scored rating ratings study studies survey surveys sample samples trial trials experiment experiments dataset datasets table tables file files spreadsheet database speed excluding exclude except apart rated point points movement movements move moves behaviour behavior list lists listing many few several distinct unique different separate individual kinds types kind type category categories`
    .split(/\s+/)
    .filter(Boolean)
    // Vocabulary keys drop apostrophes ("isn't" → isnt); the lexicon must match both forms.
    .flatMap((w) => (w.includes("'") ? [w, w.replace(/'/g, '')] : [w])),
);

/** Words that ask for an aggregation, with the one they ask for. */
export const AGG_WORDS: Record<string, Aggregation> = {
  total: 'sum', totals: 'sum', totaled: 'sum', totalled: 'sum', summed: 'sum', sum: 'sum', overall: 'sum', cumulative: 'sum', combined: 'sum', altogether: 'sum',
  average: 'avg', averaged: 'avg', averages: 'avg', avg: 'avg', mean: 'avg', typical: 'avg', typically: 'avg', usual: 'avg', normal: 'avg',
  highest: 'max', max: 'max', maximum: 'max', peak: 'max', largest: 'max', biggest: 'max', greatest: 'max', record: 'max',
  lowest: 'min', min: 'min', minimum: 'min', smallest: 'min', least: 'min',
  median: 'median', middle: 'median',
  stddev: 'stddev', deviation: 'stddev', volatility: 'stddev', variability: 'stddev',
};

/** Ranking words: "top 5", "5 best", "bottom 3". */
export const TOP_WORDS = new Set(['top', 'best', 'highest', 'largest', 'biggest', 'most', 'greatest', 'leading']);
export const BOTTOM_WORDS = new Set(['bottom', 'worst', 'lowest', 'smallest', 'least', 'fewest']);

/** Comparison phrases before a number, longest first; each maps to a filter operator. */
export const COMPARATORS: { words: string[]; op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq' }[] = [
  { words: ['greater', 'than', 'or', 'equal', 'to'], op: 'gte' },
  { words: ['less', 'than', 'or', 'equal', 'to'], op: 'lte' },
  { words: ['at', 'least'], op: 'gte' },
  { words: ['at', 'most'], op: 'lte' },
  { words: ['no', 'more', 'than'], op: 'lte' },
  { words: ['no', 'less', 'than'], op: 'gte' },
  { words: ['more', 'than'], op: 'gt' },
  { words: ['greater', 'than'], op: 'gt' },
  { words: ['higher', 'than'], op: 'gt' },
  { words: ['larger', 'than'], op: 'gt' },
  { words: ['bigger', 'than'], op: 'gt' },
  { words: ['over'], op: 'gt' },
  { words: ['above'], op: 'gt' },
  { words: ['exceeding'], op: 'gt' },
  { words: ['exceeds'], op: 'gt' },
  { words: ['older', 'than'], op: 'gt' },
  { words: ['younger', 'than'], op: 'lt' },
  { words: ['heavier', 'than'], op: 'gt' },
  { words: ['lighter', 'than'], op: 'lt' },
  { words: ['longer', 'than'], op: 'gt' },
  { words: ['shorter', 'than'], op: 'lt' },
  { words: ['taller', 'than'], op: 'gt' },
  { words: ['less', 'than'], op: 'lt' },
  { words: ['fewer', 'than'], op: 'lt' },
  { words: ['lower', 'than'], op: 'lt' },
  { words: ['smaller', 'than'], op: 'lt' },
  { words: ['under'], op: 'lt' },
  { words: ['below'], op: 'lt' },
  { words: ['equal', 'to'], op: 'eq' },
  { words: ['exactly'], op: 'eq' },
  { words: ['>='], op: 'gte' },
  { words: ['<='], op: 'lte' },
  { words: ['>'], op: 'gt' },
  { words: ['<'], op: 'lt' },
  { words: ['='], op: 'eq' },
];

/** Common abbreviations in column labels and their full words (general English). */
export const ABBREVIATIONS: Record<string, string> = {
  temp: 'temperature', temps: 'temperatures', max: 'maximum', min: 'minimum', avg: 'average', qty: 'quantity', amt: 'amount',
  pct: 'percent', perc: 'percent', num: 'number', no: 'number', nbr: 'number', cnt: 'count', dt: 'date',
  yr: 'year', mo: 'month', wk: 'week', hr: 'hour', rev: 'revenue', pop: 'population', desc: 'description', dept: 'department',
  cust: 'customer', prod: 'product', cat: 'category', addr: 'address', tot: 'total', std: 'standard', dev: 'deviation',
  vol: 'volume', pos: 'position', lat: 'latitude', lon: 'longitude', lng: 'longitude', msg: 'message', img: 'image',
  usd: 'dollars', eur: 'euros', pts: 'points', mins: 'minutes', secs: 'seconds', sec: 'seconds', km: 'kilometers', mi: 'miles',
  emp: 'employee', mgr: 'manager', org: 'organization', intl: 'international', natl: 'national', govt: 'government',
  // Measures' usual short forms in lab and engineering tables (only ones with no other common reading:
  // not "dist" (district), "alt" (alternative), "hp" (hit points)).
  wt: 'weight', wgt: 'weight', ht: 'height', hgt: 'height', spd: 'speed', dur: 'duration',
  elev: 'elevation',
};

/** Short forms that stand for a measured quantity: expanded only on a column that holds one. */
export const SHORT_QUANTITIES: ReadonlySet<string> = new Set(['wt', 'wgt', 'ht', 'hgt', 'spd', 'dur', 'elev']);

/** Groups of general words that mean the same thing in a question about data. */
export const SYNONYM_GROUPS: string[][] = [
  ['revenue', 'sales', 'income', 'turnover', 'takings', 'gross'],
  ['profit', 'earnings', 'margin'],
  ['cost', 'costs', 'expense', 'expenses', 'spend', 'spending'],
  ['price', 'prices', 'cost', 'value'],
  ['quantity', 'units', 'volume'],
  ['rating', 'score', 'grade', 'stars'],
  ['budget', 'spend'],
  ['temperature', 'temp', 'heat'],
  ['wind', 'windspeed', 'breeze'],
  ['rate', 'ratio'],
  ['customer', 'client', 'buyer'],
  ['product', 'item', 'sku'],
  ['category', 'type', 'kind', 'class', 'genre'],
  ['region', 'area', 'territory', 'zone'],
  ['country', 'nation'],
  ['city', 'town'],
  ['employee', 'staff', 'worker'],
  ['industry', 'sector'],
  ['company', 'firm', 'business'],
  ['symbol', 'ticker', 'stock', 'company'],
  ['title', 'name'],
  ['release', 'released', 'premiere', 'launch'],
  ['duration', 'length', 'runtime', 'running'],
];

/** Words that make a measure a rate-like quantity: averaged, never summed, when no aggregation is named. */
export const AVERAGE_WORDS = new Set([
  'rate', 'rates', 'ratio', 'percent', 'percentage', 'pct', 'share', 'temperature', 'temp', 'price', 'prices', 'cost', 'score',
  'rating', 'ratings', 'speed', 'wind', 'velocity', 'age', 'index', 'level', 'density', 'humidity', 'pressure', 'latitude',
  'longitude', 'average', 'avg', 'mean', 'per', 'margin', 'yield', 'probability', 'efficiency', 'elevation', 'altitude', 'height',
  'weight', 'size', 'concentration', 'ppm', 'degrees', 'celsius', 'fahrenheit', 'grade', 'stars', 'close', 'open', 'bmi', 'pct',
]);

/** Words that make a measure an additive amount: summed when no aggregation is named. */
export const SUM_WORDS = new Set([
  'amount', 'total', 'sales', 'revenue', 'income', 'gross', 'budget', 'cost', 'costs', 'spend', 'quantity', 'qty', 'units',
  'count', 'number', 'volume', 'rainfall', 'snowfall', 'sold', 'orders', 'visits', 'views', 'clicks', 'downloads',
  'expenditure', 'expenditures', 'spending', 'outlay', 'outlays', 'turnover', 'receipts', 'exports', 'imports', 'shipments', 'donations', 'purchases',
  'population', 'deaths', 'cases', 'votes', 'profit', 'earnings', 'expenses', 'payments', 'hours', 'minutes', 'duration', 'distance',
  'commits', 'events', 'tickets', 'calls', 'passengers', 'flights', 'emissions', 'energy', 'consumption', 'production',
]);

/** Cue words worth correcting when misspelt ("averge", "forcast", "corelation"). */
export const CUE_WORDS = [
  'average', 'total', 'maximum', 'minimum', 'highest', 'lowest', 'median', 'count', 'number', 'trend', 'forecast', 'predict',
  'correlation', 'relationship', 'distribution', 'histogram', 'breakdown', 'percentage', 'proportion', 'compare', 'comparison',
  'between', 'anomalies', 'anomaly', 'outliers', 'unusual', 'seasonality', 'seasonal', 'change', 'changes', 'monthly', 'weekly',
  'yearly', 'quarterly', 'daily', 'annual', 'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september',
  'october', 'november', 'december', 'quarter', 'month', 'year', 'week', 'since', 'before', 'after', 'during', 'versus',
  'largest', 'smallest', 'biggest', 'share', 'which', 'where', 'what', 'show', 'list', 'how', 'many', 'much', 'increase', 'decrease',
  'people', 'patients', 'patient', 'customers', 'employees', 'respondents', 'participants', 'students', 'passengers',
];

/** True for words the planner understands without the catalog. */
export function isKnownWord(w: string): boolean {
  return STOPWORDS.has(w) || w in AGG_WORDS || TOP_WORDS.has(w) || BOTTOM_WORDS.has(w);
}

/** Inflection-insensitive forms of a word to try against the vocabulary ("rainy" → rain, "sunny" → sun, "drizzly" → drizzle). */
export function rootVariants(w: string): string[] {
  const out: string[] = [];
  const add = (x: string) => {
    if (x.length >= 2 && x !== w && !out.includes(x)) out.push(x);
  };
  if (w.endsWith('ies')) add(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) add(w.slice(0, -1));
  if (w.endsWith('ly')) add(w.slice(0, -2));
  if (w.endsWith('y') && w.length > 3) {
    const base = w.slice(0, -1);
    add(base);
    if (/(.)\1$/.test(base)) add(base.slice(0, -1));
    add(`${base}e`);
  }
  if (w.endsWith('ing') && w.length > 5) {
    add(w.slice(0, -3));
    add(`${w.slice(0, -3)}e`);
  }
  if (w.endsWith('ed') && w.length > 4) {
    add(w.slice(0, -2));
    add(w.slice(0, -1));
  }
  add(`${w}s`);
  // WordNet's morphy (through wink-lemmatizer) after the plain rules: "heaviest" → heavy, "died" → die, "women" → woman.
  return [...out, ...lemmasOf(w).filter((l) => !out.includes(l) && l !== w)];
}
