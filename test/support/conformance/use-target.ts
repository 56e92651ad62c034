import type {
  ConformanceTarget,
  TargetFactory,
  TargetOptions,
} from '../../conformance/conformance-target';

/**
 * Gives every test of the enclosing `describe` a fresh target, closed after the test, so cases
 * never share queues, messages or time. Returns a getter for the current target.
 */
export function useTarget(
  factory: TargetFactory,
  opts: TargetOptions = {},
): () => ConformanceTarget {
  let current: ConformanceTarget | undefined;
  beforeEach(async () => {
    current = await factory(opts);
  });
  afterEach(async () => {
    const t = current;
    current = undefined;
    await t?.close();
  });
  return () => {
    if (!current) throw new Error('the conformance target is only available inside a test');
    return current;
  };
}
