import {
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { SqsEmulator, type SqsServerHandle, startSqsServer } from '../../index';
import { DemoConfig } from '../config/demo-config';

/**
 * On the `memory` backend, serves the module's own emulator over HTTP (both SQS wire protocols),
 * so any SQS client or the aws CLI sees the demo's queues while it runs. It starts before the
 * consumers (`onModuleInit` runs before `onApplicationBootstrap`) and stops after them.
 */
@Injectable()
export class SqsEndpoint implements OnModuleInit, OnApplicationShutdown {
  private server: SqsServerHandle | undefined;

  constructor(
    private readonly config: DemoConfig,
    // Undefined on the `aws` backend: there is no emulator to serve.
    @Optional() private readonly emulator?: SqsEmulator,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.backend !== 'memory' || !this.emulator) return;
    const { host, sqsPort: port } = this.config;
    try {
      this.server = await startSqsServer({ emulator: this.emulator, host, port });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE') throw error;
      throw new Error(
        `Cannot serve the SQS endpoint: ${host}:${port} is in use. ` +
          'Set SQS_PORT to another port, or SQS_PORT=0 for a free one.',
      );
    }
  }

  /**
   * Where SQS clients should point: the emulator's endpoint on `memory`, `AWS_ENDPOINT_URL_SQS`
   * on `aws`, or undefined for AWS's own regional endpoint.
   */
  get url(): string | undefined {
    return (
      this.server?.url ?? (this.config.backend === 'aws' ? this.config.awsEndpoint : undefined)
    );
  }

  /** Whether this app serves the emulator itself. */
  get servesEmulator(): boolean {
    return this.server !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}
