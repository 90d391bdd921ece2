import { Readable } from 'node:stream';
import type { ImportProgress } from '../../../protocol/campaign.schema';
import type { DncImportResult } from '../../../protocol/dnc.schema';
import { fail, ok, type ImportRowCode, type Result } from '../../../protocol/errors';
import { normalizeCallerId, type CountryCode } from '../../domain/caller-id';
import { planHeaders } from '../../domain/outbound/lead-row';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { DncRepository } from '../../repositories/dnc.repository';
import { contains, e164ToNumber, sortDistinct } from '../../repositories/dnc-registry.store';
import { ByteTap, CsvReadError, csvRecords } from '../outbound/csv-records';
import type { DncRegistry } from './dnc-registry';
import { looksLikeNumberLines, readNumberLines } from './number-lines';

export const MAX_DNC_FILE_BYTES = 1024 * 1024 * 1024;
/** A file of bad lines must not grow the answer without bound: the first ones are listed. */
const MAX_REJECTED_LISTED = 10_000;
const BATCH = 5000;
const REGISTRY_PROGRESS_EVERY = 250_000;
/** Registry files stream in chunks of up to 64 KB (HTTP) or 1 MB (file): progress every few MB. */
const PROGRESS_EVERY_CHUNKS = 64;

export interface DncImportRequest {
  input: Readable;
  /** The campaign's list; null: the global list. Ignored for a registry. */
  campaignId: number | null;
  /** Import as this registry (replacing its previous file). */
  registry: string | null;
  reason: string | null;
  userId: number | null;
  totalBytes: number | null;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * DNC imports: one number a line, or a CSV with a `phone` column. Into the global or a campaign's list (rows in
 * SQLite, batched transactions), or as a registry file (millions of numbers: parsed, sorted and written as the
 * compact store, then swapped in for the gate).
 */
export function createDncImportService(deps: {
  now: () => number;
  region: CountryCode;
  dnc: DncRepository;
  registry: DncRegistry;
  audit: AuditRepository;
}) {
  const nanpFast = deps.region === 'US' || deps.region === 'CA';

  /** Normalises one number; registry files take a fast path for plain E.164 and 10-digit NANP numbers. */
  function toE164(raw: string, fast: boolean): { e164: string } | { code: ImportRowCode } {
    const text = raw.trim();
    if (text === '') return { code: 'PHONE_MISSING' };
    if (fast) {
      if (/^\+[1-9]\d{6,14}$/.test(text)) return { e164: text };
      if (nanpFast && /^[2-9]\d{2}[2-9]\d{6}$/.test(text)) return { e164: `+1${text}` };
    }
    const number = normalizeCallerId(text, deps.region);
    return number.kind === 'number' ? { e164: number.e164 } : { code: 'PHONE_INVALID' };
  }

  async function run(request: DncImportRequest): Promise<Result<DncImportResult>> {
    const tap = new ByteTap(MAX_DNC_FILE_BYTES);
    const result: DncImportResult = { added: 0, alreadyListed: 0, rejected: [] };
    const isRegistry = request.registry !== null;
    const registryNumbers = isRegistry ? new GrowableNumbers() : null;
    let batch: string[] = [];
    let phoneIndex: number | null = null;
    let rows = 0;
    const list = {
      campaignId: request.campaignId,
      source: 'import',
      reason: request.reason,
      addedBy: request.userId,
      at: deps.now(),
    };
    const flush = () => {
      if (batch.length === 0) return;
      const added = deps.dnc.addBatch(batch, list);
      result.added += added;
      result.alreadyListed += batch.length - added;
      batch = [];
    };
    const progress = (done: boolean) =>
      request.onProgress?.({
        kind: isRegistry ? 'registry' : 'dnc',
        campaignId: request.campaignId,
        rows,
        bytes: tap.bytes,
        totalBytes: request.totalBytes,
        done,
      });
    const reject = (line: number, code: string) => {
      if (result.rejected.length < MAX_REJECTED_LISTED) result.rejected.push({ line, code });
    };
    const { head, chunks } = await peek(request.input);
    if (registryNumbers && head && looksLikeNumberLines(head)) {
      // One number a line (a registry's usual layout): the byte scanner, ten times csv-parse's pace.
      const tapped = async function* () {
        let seen = 0;
        for await (const chunk of chunks) {
          tap.take(chunk);
          yield chunk;
          if (++seen % PROGRESS_EVERY_CHUNKS === 0) progress(false);
        }
      };
      await readNumberLines(tapped(), nanpFast, {
        number(_line, digits) {
          rows++;
          registryNumbers.push(digits);
        },
        text(line, text) {
          rows++;
          const number = toE164(text, true);
          if ('code' in number) reject(line, number.code);
          else registryNumbers.push(e164ToNumber(number.e164) ?? Number.NaN);
        },
      });
    } else {
      const failure = await readCsv();
      if (failure) return failure;
    }
    flush();
    if (registryNumbers && request.registry)
      storeRegistry(request.registry, registryNumbers, result, request.userId, tap);
    progress(true);
    deps.audit.record({
      at: deps.now(),
      actorUserId: request.userId,
      action: isRegistry ? 'dnc.registry-import' : 'dnc.import',
      subject: subjectOf(request),
      decision: 'done',
      reason: request.reason,
      details: {
        rows,
        added: result.added,
        alreadyListed: result.alreadyListed,
        rejected: result.rejected.length,
      },
    });
    return ok(result);

    async function readCsv(): Promise<ReturnType<typeof fail> | null> {
      try {
        for await (const record of csvRecords(Readable.from(chunks), tap)) {
          if (phoneIndex === null) {
            const plan = planHeaders(record.fields);
            phoneIndex = Math.max(plan.phoneIndex, 0);
            if (plan.phoneIndex >= 0) continue; // a header line
          }
          rows++;
          const number = toE164(record.fields[phoneIndex] ?? '', isRegistry);
          if ('code' in number) reject(record.line, number.code);
          else if (registryNumbers) registryNumbers.push(e164ToNumber(number.e164) ?? Number.NaN);
          else batch.push(number.e164);
          if (batch.length >= BATCH) flush();
          if (rows % (isRegistry ? REGISTRY_PROGRESS_EVERY : BATCH) === 0) progress(false);
        }
      } catch (error) {
        if (!(error instanceof CsvReadError) || error.line === 0)
          return fail('VALIDATION_FAILED', error instanceof Error ? error.message : 'unreadable file');
        reject(error.line, 'ROW_MALFORMED');
      }
      return null;
    }
  }

  function storeRegistry(
    name: string,
    numbers: GrowableNumbers,
    result: DncImportResult,
    userId: number | null,
    tap: ByteTap,
  ) {
    const all = numbers.values();
    const sorted = sortDistinct(all.filter((value) => !Number.isNaN(value)));
    const previous = deps.registry.numbersOf(name);
    let fresh = sorted.length;
    if (previous) {
      fresh = 0;
      for (const value of sorted) if (!contains(previous, value)) fresh++;
    }
    result.added = fresh;
    result.alreadyListed = all.length - fresh;
    deps.registry.replace(
      { name, numbers: sorted.length, sha256: tap.digest(), importedBy: userId, importedAt: deps.now() },
      sorted,
    );
  }

  return { importFile: run };
}

/** A Float64Array that doubles as it fills (ten million numbers: 80 MB, no per-number objects). */
class GrowableNumbers {
  private buffer = new Float64Array(1 << 16);
  private length = 0;
  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }
  values(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }
}

export type DncImportService = ReturnType<typeof createDncImportService>;

/** The first chunk (to tell a bare number list from a CSV) and every chunk, that one included. */
async function peek(input: Readable): Promise<{ head: Buffer | null; chunks: AsyncIterable<Buffer> }> {
  const iterator = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  const asBuffer = (chunk: Buffer | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const head = first.done ? null : asBuffer(first.value);
  async function* all() {
    if (head) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  }
  return { head, chunks: all() };
}

function subjectOf(request: DncImportRequest): string {
  if (request.registry) return `dnc:registry:${request.registry}`;
  return request.campaignId ? `dnc:campaign:${request.campaignId}` : 'dnc:global';
}
