import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SqsEmulator } from '../../emulator/sqs-emulator';
import type { DashboardQueueRef, MessagePeeker } from '../dashboard-source.interface';
import type { DashboardMessage, DashboardMessageAttribute } from '../dashboard-views.interface';
import { dashboardMessage } from './dashboard-message';

/** Peeks with the in-process emulator's inspection, and deletes by id without receiving. */
export class EmulatorPeeker implements MessagePeeker {
  constructor(private readonly emulator: SqsEmulator) {}

  async peek(queue: DashboardQueueRef, limit: number): Promise<DashboardMessage[]> {
    return this.emulator.peekMessages(queue.name, { limit }).map((m) =>
      dashboardMessage(
        m,
        Object.entries(m.messageAttributes ?? {}).map(([k, v]) => [k, attributeView(v)]),
      ),
    );
  }

  async deleteById(queue: DashboardQueueRef, messageId: string): Promise<boolean> {
    return this.emulator.deleteMessageById(queue.name, messageId);
  }
}

function attributeView(value: MessageAttributeValue): DashboardMessageAttribute {
  const type = value.DataType ?? 'String';
  if (value.BinaryValue !== undefined) {
    return { type, value: Buffer.from(value.BinaryValue).toString('base64') };
  }
  return { type, value: value.StringValue ?? '' };
}
