/**
 * What clients of a killed emulator were told. Only an answered request counts: a request cut by
 * the kill may or may not have taken effect, so a delete cut that way is `unknown`, not `deleted`.
 */
export interface Acknowledged {
  readonly sent: Set<string>;
  readonly deleted: Set<string>;
  /** Bodies in a delete whose answer never came: the emulator may have made it durable already. */
  readonly unknown: Set<string>;
}

/** An empty record of what was acknowledged. */
export function acknowledged(): Acknowledged {
  return { sent: new Set(), deleted: new Set(), unknown: new Set() };
}

/**
 * Runs one delete request and records its bodies: `unknown` while it is open (and for good if
 * the kill cuts it), then `deleted` for the entries the answer names.
 */
export async function recordDelete(
  ack: Acknowledged,
  bodies: readonly string[],
  send: () => Promise<readonly number[]>,
): Promise<void> {
  for (const b of bodies) ack.unknown.add(b);
  const succeeded = await send();
  for (const b of bodies) ack.unknown.delete(b);
  for (const i of succeeded) ack.deleted.add(bodies[i]);
}

/**
 * After a restart: `lost` are acknowledged sends that are neither present nor possibly deleted;
 * `back` are acknowledged deletes that are present again.
 */
export function verdict(
  ack: Acknowledged,
  present: ReadonlySet<string>,
): { lost: string[]; back: string[] } {
  const lost = [...ack.sent].filter(
    (b) => !ack.deleted.has(b) && !ack.unknown.has(b) && !present.has(b),
  );
  const back = [...ack.deleted].filter((b) => present.has(b));
  return { lost, back };
}
