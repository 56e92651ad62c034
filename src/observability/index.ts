export * from './health/sqs-health.interface';
export { SQS_METRICS } from './metrics/metric-names';
