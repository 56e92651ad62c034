/**
 * The books of a reliability run: what the application meant to send (by its own id), what SQS
 * stored (by message id), every handler attempt and every delete SQS carried out. `report()`
 * turns them into the figures RELIABILITY.md quotes, and the violations a run must not have:
 *
 * - **lost**: an id sent but never handled successfully, or a stored message never handled
 *   successfully;
 * - **premature delete**: SQS deleted a message no handler had yet handled successfully.
 */
export class DeliveryLedger {
  /** Application ids the producer was asked to send. */
  private readonly intended = new Set<string>();
  /** Message id → application id, for every message SQS stored. */
  private readonly stored = new Map<string, string>();
  /** Application id → stored copies (more than one when a lost response made us send again). */
  private readonly copies = new Map<string, number>();
  private readonly succeededMessages = new Set<string>();
  /** Successful handler runs of an already handled stored message (redeliveries). */
  private redelivered = 0;
  /** Application id → successful handler runs. */
  private readonly successes = new Map<string, number>();
  private readonly deletedMessages = new Set<string>();
  private readonly premature: string[] = [];
  private attempts = 0;
  private failures = 0;

  intend(appId: string): void {
    this.intended.add(appId);
  }

  /** FIFO: group → sequence numbers of messages at their first successful handling, in order. */
  private readonly firstSuccessOrder = new Map<string, bigint[]>();

  /** SQS stored a message (seen at the emulator, whatever the client was told). */
  storedMessage(messageId: string, appId: string): void {
    // A FIFO resend within the deduplication window answers with the first copy's id.
    if (this.stored.has(messageId)) return;
    this.stored.set(messageId, appId);
    this.copies.set(appId, (this.copies.get(appId) ?? 0) + 1);
  }

  attempt(): void {
    this.attempts++;
  }

  handlerFailed(): void {
    this.failures++;
  }

  /** A handler succeeded; on FIFO queues pass the group and sequence number to check order. */
  handlerSucceeded(messageId: string, appId: string, fifo?: { group: string; seq: string }): void {
    if (fifo && !this.succeededMessages.has(messageId)) {
      const order = this.firstSuccessOrder.get(fifo.group);
      if (order) order.push(BigInt(fifo.seq));
      else this.firstSuccessOrder.set(fifo.group, [BigInt(fifo.seq)]);
    }
    if (this.succeededMessages.has(messageId)) this.redelivered++;
    this.succeededMessages.add(messageId);
    this.successes.set(appId, (this.successes.get(appId) ?? 0) + 1);
  }

  /** SQS deleted a message (seen at the emulator). */
  deleted(messageId: string): void {
    if (!this.succeededMessages.has(messageId)) this.premature.push(messageId);
    this.deletedMessages.add(messageId);
  }

  /** Whether every intended id has been handled successfully at least once. */
  allHandled(): boolean {
    if (this.successes.size < this.intended.size) return false;
    for (const id of this.intended) if (!this.successes.has(id)) return false;
    return true;
  }

  report(): DeliveryReport {
    const lostIds = [...this.intended].filter((id) => !this.successes.has(id));
    const lostMessages = [...this.stored.keys()].filter((m) => !this.succeededMessages.has(m));
    let duplicates = 0;
    for (const n of this.successes.values()) duplicates += n - 1;
    let extraCopies = 0;
    for (const n of this.copies.values()) extraCopies += n - 1;
    // FIFO: within a group, messages are first handled in the order SQS stored them.
    let orderViolations = 0;
    for (const order of this.firstSuccessOrder.values()) {
      for (let i = 1; i < order.length; i++) if (order[i] <= order[i - 1]) orderViolations++;
    }
    return {
      messages: this.intended.size,
      storedMessages: this.stored.size,
      duplicateSends: extraCopies,
      handlerAttempts: this.attempts,
      handlerFailures: this.failures,
      handledIds: this.successes.size,
      duplicates,
      redeliveredDuplicates: this.redelivered,
      deletes: this.deletedMessages.size,
      lost: lostIds.length + lostMessages.length,
      lostIds: lostIds.slice(0, 10),
      lostMessages: lostMessages.slice(0, 10),
      prematureDeletes: this.premature.length,
      prematureExamples: this.premature.slice(0, 10),
      fifoGroups: this.firstSuccessOrder.size,
      orderViolations,
    };
  }
}

/** The figures of a run. */
export interface DeliveryReport {
  /** Application ids sent. */
  readonly messages: number;
  /** Messages SQS stored (more than `messages` when a lost send response caused a resend). */
  readonly storedMessages: number;
  readonly duplicateSends: number;
  readonly handlerAttempts: number;
  readonly handlerFailures: number;
  /** Application ids handled successfully at least once. */
  readonly handledIds: number;
  /**
   * Successful handler runs beyond the first, per application id: copies a resend stored
   * (`duplicateSends`) plus redeliveries of one stored message (`redeliveredDuplicates`).
   */
  readonly duplicates: number;
  readonly redeliveredDuplicates: number;
  readonly deletes: number;
  /** Ids never handled successfully plus stored messages never handled successfully. */
  readonly lost: number;
  readonly lostIds: readonly string[];
  readonly lostMessages: readonly string[];
  readonly prematureDeletes: number;
  readonly prematureExamples: readonly string[];
  /** FIFO: groups seen, and first handlings out of the order SQS stored the messages in. */
  readonly fifoGroups: number;
  readonly orderViolations: number;
}
