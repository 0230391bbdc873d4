/**
 * The README's GraphQL examples, one IDE tab per operation: every ```graphql block, split where a
 * new top-level operation starts (a line beginning with `{`, `query`, `mutation` or
 * `subscription`). Read at build time, so the IDE opens with exactly what the README shows.
 */
export function readmeExamples(markdown: string): { query: string }[] {
  const used = new Set<string>();
  return operations(markdown).map((query) => ({ query: named(query, used) }));
}

/**
 * Gives an anonymous operation a name from its first field ("{ ask(…" becomes "query Ask {"), so the
 * IDE's tabs say what each example does instead of "<untitled>".
 */
function named(op: string, used: Set<string>): string {
  const m = /^(query|mutation|subscription)?\s*\{\s*([A-Za-z_]\w*)/.exec(op);
  if (!m) return op;
  const base = m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  const head = op.slice(0, m[0].length).replace(/^(query|mutation|subscription)?\s*\{/, `${m[1] ?? 'query'} ${name} {`);
  return head + op.slice(m[0].length);
}

function operations(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```graphql\r?\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const out: string[] = [];
  for (const b of blocks) {
    let cur: string[] = [];
    for (const line of b.split(/\r?\n/)) {
      if (/^(\{|query\b|mutation\b|subscription\b)/.test(line) && cur.some((l) => l.trim())) {
        out.push(cur.join('\n').trim());
        cur = [];
      }
      cur.push(line);
    }
    if (cur.some((l) => l.trim())) out.push(cur.join('\n').trim());
  }
  return out;
}
