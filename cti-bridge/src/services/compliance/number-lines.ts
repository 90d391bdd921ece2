/**
 * The fast reader for registry files (one number a line, millions of lines): scans the bytes once, turning
 * plain `+E.164` and 10-digit NANP lines into numbers without making a string; anything else is handed over as
 * text for the full normaliser. csv-parse is for files with columns and quotes; it is ten times slower here.
 */

export interface LineSink {
  /** A line read as E.164 digits (`12125550123`). */
  number(line: number, digits: number): void;
  /** A line that needs the full normaliser (letters, separators, a national format). */
  text(line: number, text: string): void;
}

const PLUS = 43;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;

/** Whether this first chunk looks like a bare list of numbers (no header, no columns, no quotes). */
export function looksLikeNumberLines(head: Buffer): boolean {
  const end = head.indexOf(NEWLINE);
  const first = head.subarray(head[0] === 0xef ? 3 : 0, end < 0 ? head.length : end).toString('utf8');
  return /^[\s+\d\-().]*$/.test(first);
}

export async function readNumberLines(
  chunks: AsyncIterable<Buffer>,
  nanp: boolean,
  sink: LineSink,
): Promise<number> {
  let line = 1;
  let value = 0;
  let digits = 0;
  let plus = false;
  let plain = true;
  let carry: Buffer | null = null;
  let first = true;
  const finish = (chunk: Buffer, start: number, end: number) => {
    if (digits === 0 && plain && !plus) return; // an empty line
    if (plain && plus && digits >= 7 && digits <= 15) return sink.number(line, value);
    if (plain && !plus && nanp && digits === 10 && value >= 2e9) return sink.number(line, 1e10 + value);
    if (plain && !plus && nanp && digits === 11 && value >= 1.2e10 && value < 2e10)
      return sink.number(line, value);
    const bytes = carry ? Buffer.concat([carry, chunk.subarray(start, end)]) : chunk.subarray(start, end);
    sink.text(line, bytes.toString('utf8'));
  };
  for await (const chunk of chunks) {
    let start = 0;
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    first = false;
    for (let i = start; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === NEWLINE) {
        finish(chunk, start, i);
        line++;
        value = digits = 0;
        plus = false;
        plain = true;
        carry = null;
        start = i + 1;
      } else if (byte >= 48 && byte <= 57) {
        value = value * 10 + (byte - 48);
        digits++;
      } else if (byte === PLUS && digits === 0 && !plus) plus = true;
      else if (byte !== CR && byte !== SPACE) plain = false;
    }
    const rest = chunk.subarray(start);
    carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
  }
  finish(Buffer.alloc(0), 0, 0);
  return line;
}
