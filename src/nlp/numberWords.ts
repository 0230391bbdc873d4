const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };
const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
};

/** The value of a single number word ("seven" → 7), or undefined. */
export function numberWordValue(w: string): number | undefined {
  return UNITS[w] ?? TENS[w];
}

/** The value of an ordinal word ("third" → 3), or undefined. */
export function ordinalWordValue(w: string): number | undefined {
  return ORDINALS[w];
}

/** True for words that can take part in a spelled-out number. */
export function isNumberWord(w: string): boolean {
  return w in UNITS || w in TENS || w in SCALES;
}

/**
 * Reads a spelled-out number from words[i..]: "twenty five", "two hundred and ten", "3 million".
 * Returns the value and how many words it used, or undefined when words[i] starts no number.
 */
export function readNumberWords(words: readonly string[], i: number): { value: number; used: number } | undefined {
  let total = 0;
  let current = 0;
  let used = 0;
  let seen = false;
  for (let j = i; j < words.length; j++) {
    const w = words[j]!;
    if (w in UNITS || w in TENS) {
      // "one two" is two numbers, not twelve: a unit may only follow a ten or a scale.
      if (seen && current % 10 !== 0 && current !== 0) break;
      if (seen && w in TENS && current !== 0 && current % 100 !== 0) break;
      current += (UNITS[w] ?? TENS[w])!;
      seen = true;
      used = j - i + 1;
    } else if (w in SCALES && seen) {
      const scale = SCALES[w]!;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      used = j - i + 1;
    } else if (w === 'and' && seen && j + 1 < words.length && (words[j + 1]! in UNITS || words[j + 1]! in TENS)) {
      continue;
    } else break;
  }
  if (!seen) return undefined;
  return { value: total + current, used };
}
