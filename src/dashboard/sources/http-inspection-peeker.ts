import type { DashboardQueueRef, MessagePeeker } from '../dashboard-source.interface';
import type { DashboardMessage } from '../dashboard-views.interface';
import { DashboardError } from '../dashboard.error';
import { dashboardMessage, type PeekFields } from './dashboard-message';

const PROBE_TIMEOUT_MS = 1_500;
const PEEK_TIMEOUT_MS = 5_000;

/** A message as `GET /_emulator/queues/<name>/messages` returns it. */
interface InspectionMessage extends PeekFields {
  readonly messageAttributes?: Record<
    string,
    { DataType?: string; StringValue?: string; BinaryValue?: string }
  >;
}

/**
 * Peeks through the inspection API of an emulator served over HTTP (`nestjs-sqs-kit emulator`),
 * for an app whose `aws` backend points at one.
 */
export class HttpInspectionPeeker implements MessagePeeker {
  private constructor(private readonly endpoint: string) {}

  /**
   * A peeker for `endpoint` if it answers `GET /_emulator/health` like our emulator, else
   * undefined (real SQS, or another emulator).
   */
  static async probe(endpoint: string): Promise<HttpInspectionPeeker | undefined> {
    const base = endpoint.replace(/\/+$/, '');
    try {
      const response = await fetch(`${base}/_emulator/health`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { status?: unknown };
      return body.status === 'ok' ? new HttpInspectionPeeker(base) : undefined;
    } catch {
      return undefined;
    }
  }

  async peek(queue: DashboardQueueRef, limit: number): Promise<DashboardMessage[]> {
    const url = `${this.endpoint}/_emulator/queues/${encodeURIComponent(queue.name)}/messages?limit=${limit}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(PEEK_TIMEOUT_MS) });
    const body = (await response.json()) as {
      messages?: InspectionMessage[];
      error?: { code?: string; message?: string };
    };
    if (!response.ok) {
      throw new DashboardError(
        response.status === 404 ? 404 : 502,
        body.error?.code ?? 'InspectionFailed',
        body.error?.message ?? `The emulator's inspection API answered ${response.status}.`,
      );
    }
    return (body.messages ?? []).map(fromInspection);
  }
}

function fromInspection(m: InspectionMessage): DashboardMessage {
  return dashboardMessage(
    m,
    Object.entries(m.messageAttributes ?? {}).map(([name, value]) => [
      name,
      { type: value.DataType ?? 'String', value: value.StringValue ?? value.BinaryValue ?? '' },
    ]),
  );
}
