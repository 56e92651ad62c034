/** Parameter kinds of SQS handlers. `BODY` equals Nest's `@Body()` type, so that works too. */
export enum SqsParamtype {
  BODY = 3,
  MESSAGE = 30,
  CONTEXT = 31,
}
