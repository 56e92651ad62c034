/** One side of a comparison: something that can be measured once per round. */
export interface Contender<R> {
  readonly name: string;
  run(round: number): Promise<R>;
}

/**
 * Runs every contender once per round, rotating the order each round (A B C, B C A, C A B …), so
 * that no contender always runs first (cold) or last (after the others' garbage), and so that a
 * noisy moment on a shared machine lands on neighbours of the same round. Returns each
 * contender's results in round order. A contender that throws gets `undefined` for that round
 * and its error is kept.
 */
export async function interleave<R>(
  contenders: readonly Contender<R>[],
  rounds: number,
  onResult?: (name: string, round: number, result: R | undefined, error?: Error) => void,
): Promise<Map<string, { results: (R | undefined)[]; errors: Error[] }>> {
  const out = new Map<string, { results: (R | undefined)[]; errors: Error[] }>();
  for (const c of contenders) out.set(c.name, { results: [], errors: [] });
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + round) % contenders.length];
      const slot = out.get(c.name) as { results: (R | undefined)[]; errors: Error[] };
      try {
        const result = await c.run(round);
        slot.results[round] = result;
        onResult?.(c.name, round, result);
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        slot.results[round] = undefined;
        slot.errors.push(error);
        onResult?.(c.name, round, undefined, error);
      }
    }
  }
  return out;
}
