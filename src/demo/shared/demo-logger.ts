import { ConsoleLogger } from '@nestjs/common';

/** Contexts whose `log` lines only retell the boot (modules, routes, gateways wired). */
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
]);

/**
 * Nest's console logger without the boot's thirty lines: three processes share one terminal
 * under `npm start`, and what each one does should stand out. Warnings and errors all pass.
 */
export class DemoLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context =
      optionalParams.length > 0 ? optionalParams[optionalParams.length - 1] : this.context;
    if (typeof context === 'string' && BOOT_CONTEXTS.has(context)) return;
    super.log(message, ...optionalParams);
  }
}
