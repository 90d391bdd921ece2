/**
 * Streams CSV records with the file line each starts on (header = line 1), through csv-parse: UTF-8 with or
 * without BOM, CRLF or LF, quoted fields with commas and newlines. A row csv-parse cannot read ends the stream
 * with the line it was on (the rows before it are kept).
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProgress {
  records: number;
  bytes: number;
}

export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Counts bytes and hashes them as they pass, for progress and for telling a re-imported file. */
export class ByteTap {
  bytes = 0;
  private readonly hash = createHash('sha256');
  constructor(private readonly maxBytes: number) {}
  take(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes)
      throw new CsvReadError(0, `the file is larger than ${this.maxBytes} bytes`);
    this.hash.update(chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * CRLF → LF before parsing: csv-parse counts a CRLF inside a quoted field as two lines, which would shift every
 * later line number. Fields keep their line breaks, as LF.
 */
function toLf(): Transform {
  let heldCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes = heldCr ? Buffer.concat([CR, chunk]) : chunk;
      heldCr = bytes.length > 0 && bytes[bytes.length - 1] === 13;
      const body = heldCr ? bytes.subarray(0, bytes.length - 1) : bytes;
      if (body.indexOf(13) < 0) return done(null, body);
      const out = Buffer.allocUnsafe(body.length);
      let n = 0;
      for (let i = 0; i < body.length; i++) {
        const byte = body[i] as number;
        if (byte !== 13 || body[i + 1] !== 10) out[n++] = byte;
      }
      done(null, out.subarray(0, n));
    },
    flush(done) {
      done(null, heldCr ? CR : undefined);
    },
  });
}
const CR = Buffer.from([13]);

export async function* csvRecords(
  input: Readable,
  tap: ByteTap,
  delimiter?: string,
): AsyncGenerator<CsvRecord> {
  input.on('data', (chunk: Buffer | string) =>
    tap.take(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
  );
  const parser = input.pipe(toLf()).pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      ...(delimiter ? { delimiter } : {}),
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const newlines = item.record.reduce((n, field) => n + countNewlines(field), 0);
      yield { line: item.info.lines - newlines, fields: item.record };
    }
  } catch (error) {
    if (error instanceof CsvReadError) throw error;
    const line = (error as { lines?: number }).lines ?? parser.info.lines;
    throw new CsvReadError(line, error instanceof Error ? error.message : 'unreadable CSV');
  }
}

function countNewlines(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  return n;
}
