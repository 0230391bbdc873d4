const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Longest record the tokenizer carries from one chunk to the next; a longer one goes to csv-parse,
 * whose scanning is linear where re-tokenizing a growing record would not be.
 */
export const FAST_MAX_RECORD_CHARS = 1 << 20;

/** Where the tokenizer stopped: the text from the first record it left unread, and that record's line. */
export interface TokenizerRest {
  text: string;
  line: number;
}

export type EmitRecord = (line: number, fields: string[]) => void;

/**
 * A CSV tokenizer for the common case, several times faster than csv-parse: records split on LF or
 * CRLF, fields on a one-character delimiter, `"` quoting with `""` escapes and quoted delimiters and
 * newlines, empty lines skipped, a quote inside an unquoted field taken literally. It reads exactly
 * what csv-parse reads (with the options csvSource uses) and records the same start lines. On
 * anything else — a closing quote followed by other text, a CR that ends no line, a quote left open
 * at the end, a record over FAST_MAX_RECORD_CHARS — it stops before that record and hands the rest
 * of the text to csv-parse (see `rest()`), so csv-parse's semantics stay the reference.
 */
export class CsvTokenizer {
  private readonly d: number;
  private readonly delim: string;
  private carry = '';
  private line = 1;
  /** Char code the carried record waits for: new text without it cannot complete the record. */
  private waitFor = -1;
  private stoppedAt: TokenizerRest | null = null;

  constructor(delimiter: string) {
    if (delimiter.length !== 1) throw new Error(`the CSV tokenizer takes a one-character delimiter, got '${delimiter}'`);
    this.delim = delimiter;
    this.d = delimiter.charCodeAt(0);
  }

  /** The text left for csv-parse once `push` returned false; null while the tokenizer reads on. */
  rest(): TokenizerRest | null {
    return this.stoppedAt;
  }

  /**
   * Tokenizes `text`, appended to what was carried over. Calls `emit` per record with its 1-based
   * start line. Returns false when it stopped (see `rest()`); it accepts nothing after that.
   */
  push(text: string, end: boolean, emit: EmitRecord): boolean {
    if (this.stoppedAt) throw new Error('the CSV tokenizer has stopped; csv-parse reads the rest');
    if (!end && this.waitFor >= 0 && text.indexOf(String.fromCharCode(this.waitFor)) < 0) {
      // The carried record cannot end inside this text: keep it without tokenizing again.
      this.carry += text;
      if (this.carry.length > FAST_MAX_RECORD_CHARS) return this.stop(this.carry, this.line);
      return true;
    }
    const s = this.carry.length ? this.carry + text : text;
    this.carry = '';
    this.waitFor = -1;
    return this.scan(s, end, emit);
  }

  private stop(text: string, line: number): false {
    this.stoppedAt = { text, line };
    this.carry = '';
    return false;
  }

  private wait(s: string, from: number, line: number, waitFor: number): boolean {
    this.carry = s.slice(from);
    this.line = line;
    this.waitFor = waitFor;
    if (this.carry.length > FAST_MAX_RECORD_CHARS) return this.stop(this.carry, line);
    return true;
  }

  private scan(s: string, end: boolean, emit: EmitRecord): boolean {
    const n = s.length;
    const d = this.d;
    let p = 0;
    let line = this.line;
    // Next positions of a quote and a CR at or after p (n when none): each found once per chunk.
    let nq = -1;
    let ncr = -1;
    while (p < n) {
      let nl = s.indexOf('\n', p);
      if (nl < 0) {
        if (!end) return this.wait(s, p, line, LF);
        nl = n;
      }
      let lineEnd = nl < n && nl > p && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (ncr < p) ncr = indexOr(s, '\r', p, n);
      if (nq < p) nq = indexOr(s, '"', p, n);
      if (lineEnd === p) {
        // An empty line (csv-parse skips them) unless a lone CR sits there.
        if (ncr < nl && ncr !== lineEnd) return this.stop(s.slice(p), line);
        p = nl + 1;
        line++;
        continue;
      }
      if (nq >= lineEnd) {
        // No quote on this line: a plain split.
        if (ncr < lineEnd) return this.stop(s.slice(p), line);
        emit(line, s.slice(p, lineEnd).split(this.delim));
        p = nl + 1;
        line++;
        continue;
      }
      // Field by field, quotes allowed (a quoted field may span lines).
      const recStart = p;
      const recLine = line;
      const fields: string[] = [];
      let q = p;
      // Next LF and delimiter at or after q, kept across fields (-1: look again).
      let fnl = -1;
      let dp = -1;
      for (;;) {
        if (q < n && s.charCodeAt(q) === QUOTE) {
          let val = '';
          let seg = q + 1;
          let close: number;
          for (;;) {
            close = s.indexOf('"', seg);
            if (close < 0) {
              if (!end) return this.wait(s, recStart, recLine, QUOTE);
              return this.stop(s.slice(recStart), recLine); // unterminated: csv-parse's message
            }
            if (close + 1 >= n && !end) return this.wait(s, recStart, recLine, -1);
            if (s.charCodeAt(close + 1) !== QUOTE) break;
            val += s.slice(seg, close + 1);
            seg = close + 2;
          }
          const content = val + s.slice(seg, close);
          // csv-parse counts a CR inside quotes as a line of its own; leave such records to it.
          if (content.indexOf('\r') >= 0) return this.stop(s.slice(recStart), recLine);
          for (let k = content.indexOf('\n'); k >= 0; k = content.indexOf('\n', k + 1)) line++;
          fields.push(content);
          q = close + 1;
          if (q >= n) {
            p = n;
            break;
          }
          const c = s.charCodeAt(q);
          if (c === d) {
            q++;
            continue;
          }
          if (c === LF) {
            p = q + 1;
            line++;
            break;
          }
          if (c === CR) {
            if (q + 1 >= n && !end) return this.wait(s, recStart, recLine, -1);
            if (q + 1 < n && s.charCodeAt(q + 1) === LF) {
              p = q + 2;
              line++;
              break;
            }
          }
          return this.stop(s.slice(recStart), recLine);
        }
        // Unquoted field: up to the next delimiter on this line.
        if (fnl < q) {
          fnl = s.indexOf('\n', q);
          if (fnl < 0) {
            if (!end) return this.wait(s, recStart, recLine, LF);
            fnl = n;
          }
        }
        const fEnd = fnl < n && fnl > q && s.charCodeAt(fnl - 1) === CR ? fnl - 1 : fnl;
        if (ncr < q) ncr = indexOr(s, '\r', q, n);
        if (ncr < fEnd) return this.stop(s.slice(recStart), recLine);
        if (dp < q) dp = indexOr(s, this.delim, q, n);
        if (dp < fEnd) {
          fields.push(s.slice(q, dp));
          q = dp + 1;
          continue;
        }
        fields.push(s.slice(q, fEnd));
        p = fnl + 1;
        line++;
        break;
      }
      emit(recLine, fields);
    }
    this.line = line;
    return true;
  }
}

function indexOr(s: string, c: string, from: number, none: number): number {
  const i = s.indexOf(c, from);
  return i < 0 ? none : i;
}
