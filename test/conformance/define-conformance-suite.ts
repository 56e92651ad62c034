import type { TargetFactory } from './conformance-target';
import { attributeCases } from './cases/attributes.cases';
import { batchCases } from './cases/batch.cases';
import { deadLetterCases } from './cases/dead-letter.cases';
import { deleteCases } from './cases/delete.cases';
import { fifoCases } from './cases/fifo.cases';
import { longPollingCases } from './cases/long-polling.cases';
import { md5Cases } from './cases/md5.cases';
import { moveTaskCases } from './cases/move-tasks.cases';
import { queueCases } from './cases/queues.cases';
import { receiveCases } from './cases/receive.cases';
import { retentionDelayCases } from './cases/retention-delay.cases';
import { sendCases } from './cases/send.cases';
import { strictCases } from './cases/strict.cases';
import { tagsPermissionsCases } from './cases/tags-permissions.cases';
import { visibilityCases } from './cases/visibility.cases';

/**
 * Registers the SQS conformance cases against `factory`. Call it inside a `describe` naming the
 * target; every test gets a fresh target from the factory and closes it afterwards.
 */
export function defineConformanceSuite(factory: TargetFactory): void {
  queueCases(factory);
  attributeCases(factory);
  sendCases(factory);
  receiveCases(factory);
  visibilityCases(factory);
  deleteCases(factory);
  batchCases(factory);
  fifoCases(factory);
  deadLetterCases(factory);
  moveTaskCases(factory);
  retentionDelayCases(factory);
  longPollingCases(factory);
  md5Cases(factory);
  tagsPermissionsCases(factory);
  strictCases(factory);
}
