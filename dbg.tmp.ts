import { loadWordNet } from './src/chat/wordnetSource.ts';
import { buildVocabulary } from './src/nlp/vocabulary.ts';
import { explain } from './src/nlp/explain.ts';
import { demoDatasets } from './test/fixtures/nlp/demoCatalogs.ts';
const wn = (await loadWordNet())!;
const all = demoDatasets();
const ctx = { vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues, [], { wordnet: wn })) };
const qs = process.argv.slice(2);
for (const q of qs) { const [d, text] = q.split('::'); const e = explain(ctx as any, text!, d || undefined); console.log(text, '\n  ', e.spans.filter(s=>s.kind!=='function').map(s=>`${s.text}→${s.kind}:${s.target ?? ''}(${s.source ?? ''})`).join(' | '), '\n  ', e.plan.kind === 'clarify' ? 'CLARIFY ' + e.plan.message : JSON.stringify(e.plan.query) + ' c=' + e.plan.confidence); }
