/**
 * Message bodies a run can check: each says which run and which message it is, padded to a fixed
 * size, so every received body can be matched to the one sent. A server that loses, mangles or
 * truncates a message fails the run instead of looking fast.
 */

/** The size of every benchmark body, in bytes (ASCII). */
export const BODY_BYTES = 256;

/** Body number `index` of run `tag`: `<tag>:<index>:` then `x`s up to {@link BODY_BYTES}. */
export function makeBody(tag: string, index: number, bytes = BODY_BYTES): string {
  const head = `${tag}:${index}:`;
  return head + 'x'.repeat(Math.max(0, bytes - head.length));
}

/** What came back, compared with the `expected` bodies sent. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly expected: number;
  /** Distinct expected bodies received. */
  readonly received: number;
  readonly missing: number;
  /** Bodies received more than once (at-least-once delivery; reported, not a failure). */
  readonly duplicates: number;
  /** Bodies that match no message sent (another run, or altered in transit). */
  readonly corrupt: number;
  /**
   * Messages still in the queue once every body was received and deleted (GetQueueAttributes:
   * visible + not visible + delayed), when checked. Anything but 0 fails the run: the server
   * acknowledged deletes it did not do (NaN: it did not report its counts).
   */
  readonly leftInQueue?: number;
}

/** Collects received bodies of run `tag` and tells which of `expected` came back intact. */
export class BodyVerifier {
  private readonly seen: Uint8Array;
  private distinct = 0;
  private dup = 0;
  private bad = 0;

  constructor(
    private readonly tag: string,
    readonly expected: number,
    private readonly bytes = BODY_BYTES,
  ) {
    this.seen = new Uint8Array(expected);
  }

  /** Distinct expected bodies seen so far. */
  get count(): number {
    return this.distinct;
  }

  /** Records one received body. */
  add(body: string | undefined): void {
    const index = this.indexOf(body);
    if (index === undefined) {
      this.bad++;
      return;
    }
    if (this.seen[index] === 1) {
      this.dup++;
      return;
    }
    this.seen[index] = 1;
    this.distinct++;
  }

  /** The verdict; pass `leftInQueue` (see {@link VerifyResult.leftInQueue}) when it was checked. */
  result(leftInQueue?: number): VerifyResult {
    const missing = this.expected - this.distinct;
    return {
      ok: missing === 0 && this.bad === 0 && (leftInQueue === undefined || leftInQueue === 0),
      expected: this.expected,
      received: this.distinct,
      missing,
      duplicates: this.dup,
      corrupt: this.bad,
      ...(leftInQueue === undefined ? {} : { leftInQueue }),
    };
  }

  private indexOf(body: string | undefined): number | undefined {
    if (body === undefined || body.length !== this.bytes) return undefined;
    const prefix = `${this.tag}:`;
    if (!body.startsWith(prefix)) return undefined;
    const end = body.indexOf(':', prefix.length);
    if (end < 0) return undefined;
    const index = Number(body.slice(prefix.length, end));
    if (!Number.isInteger(index) || index < 0 || index >= this.expected) return undefined;
    return body === makeBody(this.tag, index, this.bytes) ? index : undefined;
  }
}

/** One line for a table cell: `✓ 20,000/20,000`, or what went wrong. */
export function describeVerification(v: VerifyResult): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (v.ok) {
    return `✓ ${n(v.received)}/${n(v.expected)}` + (v.duplicates ? `, ${n(v.duplicates)} dup` : '');
  }
  const left =
    v.leftInQueue === undefined || v.leftInQueue === 0
      ? undefined
      : Number.isNaN(v.leftInQueue)
        ? 'queue counts not reported'
        : `${n(v.leftInQueue)} left in queue`;
  const parts = [];
  if (v.missing) parts.push(`${n(v.missing)} missing`);
  if (v.corrupt) parts.push(`${n(v.corrupt)} corrupt`);
  if (parts.length === 0) {
    return (
      `✗ ${n(v.received)}/${n(v.expected)} back, ${left}` +
      (v.duplicates ? `, ${n(v.duplicates)} dup` : '')
    );
  }
  if (v.duplicates) parts.push(`${n(v.duplicates)} dup`);
  return `✗ ${parts.join(', ')} of ${n(v.expected)}` + (left ? `; ${left}` : '');
}
