/**
 * The README's GraphQL examples, one IDE tab per operation: every ```graphql block, split where a
 * new top-level operation starts (a line beginning with `{`, `query`, `mutation` or
 * `subscription`). Read at build time, so the IDE opens with exactly what the README shows.
 */
export function readmeExamples(markdown: string): { query: string }[] {
  const blocks = [...markdown.matchAll(/```graphql\r?\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const out: { query: string }[] = [];
  for (const b of blocks) {
    let cur: string[] = [];
    for (const line of b.split(/\r?\n/)) {
      if (/^(\{|query\b|mutation\b|subscription\b)/.test(line) && cur.some((l) => l.trim())) {
        out.push({ query: cur.join('\n').trim() });
        cur = [];
      }
      cur.push(line);
    }
    if (cur.some((l) => l.trim())) out.push({ query: cur.join('\n').trim() });
  }
  return out;
}
