// The coverage rule (issue 9): every content word of a question is either used by the plan or a
// known function word. A word the plan did not use is never dropped silently: the plan names it
// ("ignored 'X'") and its confidence falls below the answer threshold.
import type { InsightQuery } from '../insights/insightQuery.js';
import { primaryTimeColumn } from '../shared/catalog.js';
import type { Analysis } from './analyze.js';
import type { Intent } from './intents/index.js';
import { AGG_WORDS, isKnownWord } from './lexicon.js';
import type { Token } from './tokenize.js';

/**
 * Words that carry no content of their own in a question about data: grammar, question framing,
 * politeness, and general nouns for "the data". Everything else must be used by the plan.
 */
export const FUNCTION_WORDS = new Set(
  `a an the of in on at to for from with by per and or but is are was were be been being am do does did done
  what whats which who whom whose when where how that this these those there here it its they them their theirs
  i me my we us our you your he she his her can could would should will shall may might must please kindly just also
  show shows showing give gives tell display plot chart graph draw visualize visualise get find fetch return see let lets
  want need like know about as than so such into all any each every some much many has have had having got
  one ones value values data number numbers amount amounts figure figures stat stats statistic statistics overall whole entire
  result results record records row rows entry entries thing things time times there's theres ever happened happen
  study studies survey surveys sample samples trial trials experiment experiments dataset datasets table tables file files spreadsheet database
  only just both either instead again too okay ok well right thanks thank hi hello hey same grand single anything everything anyone
  list lists listing me then now whats isnt arent wasnt werent dont doesnt didnt in during within across over
  total sum count counts counted amounted amount altogether combined together recorded registered reported measured
  come came go goes went get gets got make made tested measured listed included observed sampled collected
  run runs ran conducted carried surveyed polled interviewed questioned`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that ask for an intent: used when the plan has that intent. */
const INTENT_WORDS: Partial<Record<Intent, RegExp>> = {
  trend: /^(trend|trends|trending|evolution|evolve|evolved|history|timeline|series|change|changes|changed|over|time|develop|developed|grow|grew|growth)$/,
  compare: /^(compare|compared|comparison|vs|versus|against|difference|differ|differs|between|side)$/,
  share: /^(share|shares|percentage|percent|proportion|proportions|fraction|part|contribution|pie)$/,
  distribution: /^(distribution|distributed|histogram|spread|frequency|frequencies|range)$/,
  correlation: /^(between|correlation|correlations|correlate|correlated|correlates|relationship|related|relate|association|associated|link|scatter)$/,
  breakdown: /^(breakdown|break|down|broken|split|grouped|group|groups|each)$/,
  list: /^(list|rows|records|entries|show)$/,
  top_n: /^(top|best|highest|largest|biggest|most|greatest|leading|rank|ranked|ranking|first)$/,
  bottom_n: /^(bottom|worst|lowest|smallest|least|fewest|rank|ranked|ranking|last)$/,
  count: /^(many|number|count|counts|often|times)$/,
  forecast: /^(forecast|forecasts|predict|prediction|predictions|projected|projection|project|extrapolate|next|future|expected|will|going)$/,
  anomalies: /^(anomaly|anomalies|anomalous|outlier|outliers|unusual|abnormal|spikes|spike|weird|strange|odd)$/,
  seasonality: /^(seasonal|seasonality|season|seasons|cycle|cycles|cyclical|periodic|periodicity|pattern)$/,
  change_points: /^(change|changes|changed|point|points|shift|shifts|shifted|break|breaks|jump|jumped|level|regime)$/,
  trend_test: /^(increasing|decreasing|rising|falling|growing|declining|trending|significant|statistically|going|up|down|been)$/,
  explain_change: /^(why|caused|drove|explain|explains|reason|reasons|drop|rise|fall|increase|decrease|change|jump|dip|spike|decline|growth|led)$/,
};

const UNIT_GRAIN: Record<string, string> = { day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month', year: 'year', years: 'year', hour: 'hour', hours: 'hour' };

/** Time unit words: used when the plan has a time grain or a year axis. */
const UNIT_WORDS = /^(day|days|week|weeks|month|months|quarter|quarters|year|years|hour|hours|daily|weekly|monthly|quarterly|yearly|annual|annually|hourly|when|date|dates)$/;

/** Comparatives that choose one of two things named. */
const COMPARATIVE_CHOICE = /^(more|less|fewer|higher|lower|bigger|smaller|larger|greater)$/;

/**
 * The content words of the question the plan did not use: not in a slot (column, value, time,
 * comparison, ranking, row noun), not a function word, and not a cue for what the plan does.
 */
export function unaccountedWords(a: Analysis, intent: Intent, q: InsightQuery): Token[] {
  const out: Token[] = [];
  const rowGrain = primaryTimeColumn(a.vocab.dataset)?.stats?.grain;
  const aggs = new Set(q.measures.map((m) => m.agg));
  const timed = !!q.time?.grain || !!q.time?.range || !!q.time?.by || !!q.time?.parts?.length || a.unitWords.length === 0 || aggs.has('count') && !a.unitWords.some((u) => u.grain === 'year');
  const linked = (i: number) => a.used.has(i) && a.tokens[i]?.kind === 'word';
  for (const t of a.tokens) {
    if (t.kind !== 'word' || a.used.has(t.index) || a.time.consumed.has(t.index)) continue;
    // A typo fixed into a cue word counts as that word ("avrage" → average).
    const w = a.links.keys[t.index] ?? t.key;
    if (FUNCTION_WORDS.has(w)) continue;
    // A general word beside a linked column or value qualifies it ("wind speed", "weather type", "rain fell").
    if (isKnownWord(w) && !AGG_WORDS[w] && (linked(t.index - 1) || linked(t.index + 1)) && !/^(more|less|fewer|higher|lower|than|first|last|next|previous|not|no|per|each|every)$/.test(w)) continue;
    const agg = AGG_WORDS[w];
    if (agg && (aggs.has(agg) || intent === 'top_n' || intent === 'bottom_n')) continue;
    if (INTENT_WORDS[intent]?.test(w)) continue;
    // "the average share of undecideds": the share is the figure the plan reads.
    if (INTENT_WORDS.share!.test(w) && a.tokens[t.index + 1]?.key === 'of' && a.measures.some((m) => m.link.start - t.index <= 3 && m.link.start > t.index && q.measures.some((x) => x.column === m.column.name))) continue;
    if ((intent === 'top_n' || intent === 'bottom_n') && (INTENT_WORDS.top_n!.test(w) || INTENT_WORDS.bottom_n!.test(w))) continue;
    if ((aggs.has('count') || aggs.has('count_distinct') || aggs.has('sum')) && INTENT_WORDS.count!.test(w)) continue;
    if (UNIT_WORDS.test(w) && timed) continue;
    // "which had more sunspots, 1778 or 1947": the comparative picked the winner of the two.
    if (COMPARATIVE_CHOICE.test(w) && q.limit === 1 && q.orderBy.length && a.tokens.some((x) => x.key === 'or')) continue;
    // "over the whole period", "in the entire time span": all of the data, which is what a plan without a range reads.
    if (/^(period|periods|span|timespan|time)$/.test(w) && /^(whole|entire|full|complete)$/.test(a.tokens[t.index - 1]?.key ?? '') && !q.time?.range) continue;
    // "days" in a table of one row per day names the rows.
    if (rowGrain && UNIT_GRAIN[w] === rowGrain) continue;
    if (w === 'distinct' || w === 'unique' || w === 'different') {
      if (aggs.has('count_distinct')) continue;
    }
    if (w === 'not' || w === 'excluding' || w === 'except' || w === 'without' || w === 'no' || w === 'non' || w === 'other' || w === 'outside') {
      if (a.values.some((v) => v.negated) || negatedFlag(q.filter)) continue;
    }
    out.push(t);
  }
  return out;
}

/** True when the filter holds a yes/no column at "no" (false, or 0 for a 0/1 column): a negation used. */
function negatedFlag(f: InsightQuery['filter']): boolean {
  if (!f) return false;
  if ('and' in f) return f.and.some(negatedFlag);
  if ('or' in f) return f.or.some(negatedFlag);
  if ('not' in f) return true;
  return f.op === 'eq' && (f.value === false || f.value === 0);
}
