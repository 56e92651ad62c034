/** Injection token of the raw module options (`forRoot`'s argument, or what `forRootAsync` builds). */
export const SQS_MODULE_OPTIONS = 'nestjs-sqs-kit:module-options';
/** Injection token of the {@link SqsPort} the module talks to (`@Inject(SQS_PORT)`). */
export const SQS_PORT = 'nestjs-sqs-kit:port';
/** Metadata key of `@SqsHandler` (an array: a method may consume several queues). */
export const SQS_HANDLER_METADATA = 'nestjs-sqs-kit:handler';
/**
 * Where parameter decorators store their metadata: Nest's route-arguments key, so that custom
 * decorators made with `createParamDecorator` work on handlers too.
 */
export const SQS_ARGS_METADATA = '__routeArguments__';
/** The `ExecutionContext` type of SQS handlers (`context.getType<SqsContextType>()`). */
export const SQS_CONTEXT_TYPE = 'sqs';
export type SqsContextType = typeof SQS_CONTEXT_TYPE;
