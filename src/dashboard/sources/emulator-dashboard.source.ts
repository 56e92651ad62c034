import type { SqsEmulator } from '../../emulator/sqs-emulator';
import type {
  DashboardActivityListener,
  DashboardQueueRef,
  DashboardSource,
  PeekerLookup,
} from '../dashboard-source.interface';
import type { DashboardQueueCounts } from '../dashboard-views.interface';
import { emulatorCounts } from './emulator-counts';
import { EmulatorPeeker } from './emulator-peeker';
import { emulatorActivity } from './emulator-activity';
import { emulatorQueueRef } from './emulator-queue-ref';

/**
 * Every queue of an emulator, for the dashboard beside the standalone emulator
 * (`nestjs-sqs-kit emulator --dashboard`). Queue ids are the queue names; no consumers.
 */
export class EmulatorDashboardSource implements DashboardSource {
  readonly backend = 'emulator';
  private readonly peekLookup: PeekerLookup;

  constructor(private readonly emulator: SqsEmulator) {
    this.peekLookup = { peeker: new EmulatorPeeker(emulator) };
  }

  get port(): SqsEmulator {
    return this.emulator;
  }

  async queues(): Promise<DashboardQueueRef[]> {
    return this.emulator
      .inspectQueues()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((q) => emulatorQueueRef(q));
  }

  async counts(
    queues: readonly DashboardQueueRef[],
  ): Promise<Map<string, DashboardQueueCounts | Error>> {
    return emulatorCounts(this.emulator, queues);
  }

  async peeker(): Promise<PeekerLookup> {
    return this.peekLookup;
  }

  onActivity(listener: DashboardActivityListener): () => void {
    return emulatorActivity(this.emulator, listener);
  }
}
