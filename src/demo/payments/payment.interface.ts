/** A payment step of one account, sent to the FIFO queue `payments.fifo`. */
export interface Payment {
  readonly id: string;
  /** The message group: SQS hands one account's payments over strictly in order. */
  readonly account: string;
  /** 1, 2, 3… in the order they were sent for this account. */
  readonly step: number;
  readonly amount: number;
}
