/** What every comparison part takes, so the smoke test can run each on a tiny N. */
export interface PartOptions {
  /** Messages per measured run. */
  readonly n: number;
  /** Interleaved rounds (each contender runs once per round). */
  readonly rounds: number;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}
