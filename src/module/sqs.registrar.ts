import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { SqsConsumer } from '../consumer/sqs-consumer';
import { SqsEvents } from '../consumer/sqs-events';
import { DuplicateSqsModuleError } from '../errors/duplicate-sqs-module.error';
import { QueueNotDeclaredError } from '../errors/queue-not-declared.error';
import { QueueNotFoundError } from '../errors/queue-not-found.error';
import { QueueSetupError } from '../errors/queue-setup.error';
import { DISCARDING_IN_MEMORY_MESSAGES, REQUEST_SCOPED_HANDLER } from '../errors/sqs.messages';
import { SqsTelemetry } from './sqs-telemetry.service';
import {
  injectedProducerQueues,
  producerInjectionSites,
} from '../tokens/injected-producers.registry';
import { type DiscoveredHandler, SqsExplorer } from './sqs.explorer';
import { type ConsumerPlan, planConsumers } from './sqs-consumer.planner';
import { SqsConsumers } from './sqs-consumers.service';
import { SqsHandlerInvokerFactory } from './sqs-handler-invoker.factory';
import { SqsModuleSetup } from './sqs-module.setup';

/** How long past its long poll a receive over a network may go unanswered before it is retried. */
const RECEIVE_TIMEOUT_MARGIN_MS = 15_000;

/**
 * Decides when consumers exist, start and stop. At `onApplicationBootstrap` (after every
 * module's `onModuleInit`) it checks producers and handlers against the declared queues, builds
 * one consumer per consumed queue and starts those whose `autoStartup` is on. At
 * `beforeApplicationShutdown` it stops them all (in-flight handlers finish, nothing is lost);
 * at `onApplicationShutdown` it releases the backend.
 */
@Injectable()
export class SqsRegistrar
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(SqsModuleSetup) private readonly setup: SqsModuleSetup,
    private readonly explorer: SqsExplorer,
    private readonly invokers: SqsHandlerInvokerFactory,
    private readonly consumers: SqsConsumers,
    private readonly events: SqsEvents,
    private readonly discovery: DiscoveryService,
    private readonly telemetry: SqsTelemetry,
  ) {}

  /** @internal The logical queue names this module instance declares. */
  get declaredQueues(): readonly string[] {
    return this.setup.queues.names;
  }

  async onApplicationBootstrap(): Promise<void> {
    let plans: ConsumerPlan[];
    try {
      this.checkSingleInstance();
      const handlers = this.explorer.explore();
      this.checkQueues(handlers);
      plans = planConsumers(handlers, this.setup);
    } catch (error) {
      // Nest runs no shutdown hook after a failed boot: release the client we created now.
      await this.setup.backend.dispose();
      throw error;
    }
    const consumers = plans.map((plan) => this.createConsumer(plan));
    this.consumers.register(consumers);
    await Promise.all(consumers.filter((_, i) => plans[i].autoStartup).map((c) => c.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.consumers.queues.length > 0) await this.consumers.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.reportDiscardedMessages();
    await this.setup.backend.dispose();
  }

  /** An emulator this module created ends with it: say what it held, never drop it silently. */
  private reportDiscardedMessages(): void {
    const { backend, logger } = this.setup;
    if (!backend.ownsEmulator || !backend.emulator || !backend.inProcess || !logger) return;
    let total = 0;
    const perQueue: string[] = [];
    for (const queue of backend.emulator.inspectQueues()) {
      const n = queue.visible + queue.inflight + queue.delayed;
      if (n === 0) continue;
      total += n;
      perQueue.push(`'${queue.name}': ${n}`);
    }
    if (total > 0) logger.warn(DISCARDING_IN_MEMORY_MESSAGES(total, perQueue.join(', ')));
  }

  /** One SqsModule per application: a second global instance would shadow the first. */
  private checkSingleInstance(): void {
    const registrars = this.discovery
      .getProviders()
      .filter((w) => w.metatype === SqsRegistrar && w.instance instanceof SqsRegistrar)
      .map((w) => w.instance as SqsRegistrar);
    if (registrars.length > 1) {
      throw new DuplicateSqsModuleError(registrars.map((r) => r.declaredQueues));
    }
  }

  /**
   * Producers injected by classes of this application must name declared queues, and every
   * declared queue must have resolved; errors name the handlers and producers using the queue.
   * (Names injected only by classes outside the application are not its concern.)
   */
  private checkQueues(handlers: readonly DiscoveredHandler[]): void {
    const { queues } = this.setup;
    const classes = new Set<unknown>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      if (wrapper.metatype) classes.add(wrapper.metatype);
      const instance = wrapper.instance as { constructor?: unknown } | undefined;
      if (instance?.constructor) classes.add(instance.constructor);
    }
    const users = new Map<string, string[]>();
    const use = (queue: string, user: string) => {
      const list = users.get(queue);
      if (list) list.push(user);
      else users.set(queue, [user]);
    };
    for (const handler of handlers) use(handler.queue, `@SqsHandler on ${handler.name}`);
    for (const queue of injectedProducerQueues()) {
      const sites = producerInjectionSites(queue).filter((c) => classes.has(c));
      if (sites.length === 0) continue;
      const usedBy = sites.map((c) => `@InjectSqsProducer('${queue}') in ${c.name}`);
      if (!queues.has(queue))
        throw new QueueNotDeclaredError(queue, usedBy.join(', '), queues.names);
      for (const u of usedBy) use(queue, u);
    }
    for (const [queue, failure] of queues.failed()) {
      const usedBy = (users.get(queue) ?? []).join(', ');
      if (failure instanceof QueueNotFoundError) {
        throw new QueueNotFoundError(failure.queue, failure.physicalName, usedBy);
      }
      throw new QueueSetupError(
        queue,
        usedBy ? `${failure.message} (used by ${usedBy})` : failure.message,
        failure,
      );
    }
  }

  private createConsumer(plan: ConsumerPlan): SqsConsumer {
    const { setup } = this;
    const routes = plan.routes.map((route) => {
      if (route.handler.requestScoped)
        setup.logger?.log(REQUEST_SCOPED_HANDLER(route.handler.name));
      return {
        handler: route.handler.name,
        messageTypes: route.messageTypes,
        batch: route.batch,
        timeoutMs: route.timeoutMs,
        backoff: route.backoff,
        context: Object.freeze({
          queue: plan.queue.name,
          queueUrl: plan.queue.url,
          handler: route.handler.name,
          batch: route.batch,
        }),
        invoke: this.telemetry.wrapHandler(
          plan.queue,
          { handler: route.handler.name, batch: route.batch, timeoutMs: route.timeoutMs },
          this.invokers.create(route.handler),
        ),
      };
    });
    return new SqsConsumer({
      queue: plan.queue,
      port: plan.queue.port,
      clock: setup.backend.clock,
      logger: setup.logger,
      events: this.events,
      routes,
      ...plan.settings,
      shutdownTimeoutMs: setup.shutdownTimeoutMs,
      logMessageBodies: setup.options.logMessageBodies ?? false,
      inProcessBackend: setup.backend.inProcess,
      receiveAbortGraceMs: setup.backend.receiveAbortGraceMs,
      // Over a network a receive could hang on a half-open connection: give it its long poll
      // and a margin.
      ...(setup.backend.inProcess
        ? {}
        : { receiveTimeoutMs: plan.settings.waitTimeSeconds * 1000 + RECEIVE_TIMEOUT_MARGIN_MS }),
    });
  }
}
