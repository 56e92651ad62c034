import {
  type ArgumentMetadata,
  type CallHandler,
  type CanActivate,
  Catch,
  createParamDecorator,
  type ExceptionFilter,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  type PipeTransform,
  SetMetadata,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import { of, tap, type Observable } from 'rxjs';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsBody } from '../../src/decorators/sqs-body.decorator';
import { SqsContextArg } from '../../src/decorators/sqs-context-arg.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { SqsMessageArg } from '../../src/decorators/sqs-message-arg.decorator';
import type { SqsHandlerContext, SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

const log: string[] = [];
const Audience = (name: string) => SetMetadata('audience', name);

@Injectable()
class PaidOnlyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const message = context.switchToRpc().getData<SqsMessage<{ paid: boolean }>>();
    log.push(`guard:${context.getType()}:${this.reflector.get('audience', context.getHandler())}`);
    return message.body.paid;
  }
}

@Injectable()
class TimingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = context.switchToRpc().getContext<SqsHandlerContext>();
    log.push(`before:${ctx.handler}`);
    return next.handle().pipe(tap(() => log.push(`after:${ctx.handler}`)));
  }
}

@Injectable()
class GlobalInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    log.push('global');
    return next.handle();
  }
}

class UpperCasePipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    log.push(`pipe:${metadata.type}`);
    return value.toUpperCase();
  }
}

class IgnorableError extends Error {}

@Catch(IgnorableError)
class IgnoreFilter implements ExceptionFilter {
  catch(error: IgnorableError): Observable<null> {
    log.push(`filter:${error.message}`);
    return of(null);
  }
}

const MessageId = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToRpc().getData<SqsMessage<unknown>>().id,
);

@Injectable()
class InvoicesHandler {
  readonly calls: unknown[][] = [];

  @SqsHandler('invoices')
  @UseGuards(PaidOnlyGuard)
  @UseInterceptors(TimingInterceptor)
  @Audience('billing')
  async onInvoice(
    @SqsBody('customer', UpperCasePipe) customer: string,
    @SqsMessageArg() message: SqsMessage<unknown>,
    @SqsContextArg() context: SqsHandlerContext,
    @MessageId() id: string,
  ): Promise<void> {
    this.calls.push([customer, message.id, context.handler, id]);
  }

  @SqsHandler('refunds')
  @UseFilters(IgnoreFilter)
  async onRefund(message: SqsMessage<{ ignorable: boolean }>): Promise<void> {
    if (message.body.ignorable) throw new IgnorableError('not ours');
    throw new Error('real failure');
  }
}

describe('handlers: guards, interceptors, pipes and exception filters', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: InvoicesHandler;
  const failed: string[] = [];

  beforeEach(async () => {
    log.length = 0;
    failed.length = 0;
    ({ app, sqs } = await compileKitApp({ queues: { invoices: {}, refunds: {} } }, [
      InvoicesHandler,
      PaidOnlyGuard,
      { provide: APP_INTERCEPTOR, useClass: GlobalInterceptor },
    ]));
    app.get(SqsEvents).on('messageFailed', (e) => failed.push((e.error as Error).constructor.name));
    await app.init();
    handler = app.get(InvoicesHandler);
  });

  afterEach(() => app.close());

  async function send(queue: string, body: unknown): Promise<string> {
    const { id } = await sqs.send(queue, body);
    return id;
  }

  it('runs the guard with an sqs execution context and the handler’s metadata', async () => {
    await send('invoices', { paid: true, customer: 'acme' });
    await turnUntil(sqs, () => handler.calls.length === 1, 'the handler');
    expect(log).toContain('guard:sqs:billing');
  });

  it('fails the message when the guard refuses it', async () => {
    await send('invoices', { paid: false, customer: 'acme' });
    await sqs.waitFor('invoices', () => true, { outcome: 'failed', advanceClock: false });
    expect(handler.calls).toEqual([]);
    expect(failed).toEqual(['ForbiddenException']);
    expect(sqs.messages('invoices')[0].state).toBe('inflight');
  });

  it('runs global and handler interceptors around the handler', async () => {
    await send('invoices', { paid: true, customer: 'acme' });
    await turnUntil(sqs, () => log.includes('after:InvoicesHandler.onInvoice'), 'the interceptor');
    expect(log.filter((l) => !l.startsWith('guard') && !l.startsWith('pipe'))).toEqual([
      'global',
      'before:InvoicesHandler.onInvoice',
      'after:InvoicesHandler.onInvoice',
    ]);
  });

  it('fills decorated parameters, running pipes on the body', async () => {
    const id = await send('invoices', { paid: true, customer: 'acme' });
    await turnUntil(sqs, () => handler.calls.length === 1, 'the handler');
    expect(handler.calls[0]).toEqual(['ACME', id, 'InvoicesHandler.onInvoice', id]);
    expect(log).toContain('pipe:body');
  });

  it('lets an exception filter handle an error, which then counts as handled', async () => {
    await send('refunds', { ignorable: true });
    await turnUntil(sqs, () => log.includes('filter:not ours'), 'the filter');
    await sqs.waitForIdle();
    expect(sqs.messages('refunds')).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('retries errors the filter does not catch', async () => {
    await send('refunds', { ignorable: false });
    await turnUntil(sqs, () => failed.length === 1, 'the failure');
    expect(failed).toEqual(['Error']);
  });
});
