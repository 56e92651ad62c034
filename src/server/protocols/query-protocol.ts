import type { SqsError } from '../../emulator/errors/sqs-error';
import { SQS_ERRORS } from '../../emulator/errors/sqs-error-shapes';
import type { WireResponse } from './json-protocol';
import { encodeBase64, isJsonObject } from './safe-object';
import { type Shape, type StructureShape, wireName } from './shapes';
import type { SqsActionSpec } from './sqs-actions';
import { XmlWriter } from './xml-writer';

/** The XML namespace of SQS's query responses. */
export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const XML_CONTENT_TYPE = 'text/xml';

/** The query protocol's own wording for a missing queue (the JSON text lacks the suffix). */
const QUERY_QUEUE_DOES_NOT_EXIST = 'The specified queue does not exist for this wsdl version.';

/**
 * A result as SQS's query protocol sends it:
 * `<XResponse xmlns="…"><XResult>…</XResult><ResponseMetadata><RequestId>…</…></XResponse>`,
 * with lists and maps flattened (`<Message>`, `<Attribute><Name/><Value/></Attribute>`).
 */
export function encodeQueryResult(
  spec: SqsActionSpec,
  result: unknown,
  requestId: string,
): WireResponse {
  const xml = new XmlWriter().open(`${spec.action}Response`, SQS_XML_NAMESPACE);
  if (spec.output) {
    const wrapper = `${spec.action}Result`;
    xml.open(wrapper);
    writeMembers(xml, spec.output, result);
    xml.close(wrapper);
  }
  xml
    .open('ResponseMetadata')
    .element('RequestId', requestId)
    .close('ResponseMetadata')
    .close(`${spec.action}Response`);
  return { status: 200, headers: { 'content-type': XML_CONTENT_TYPE }, body: xml.toString() };
}

function writeMembers(xml: XmlWriter, shape: StructureShape, value: unknown): void {
  if (!isJsonObject(value)) return;
  for (const [name, member] of Object.entries(shape.members)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    writeValue(xml, member.shape, wireName(name, member), v);
  }
}

function writeValue(xml: XmlWriter, shape: Shape, name: string, value: unknown): void {
  switch (shape.kind) {
    case 'structure':
      xml.open(name);
      writeMembers(xml, shape, value);
      xml.close(name);
      return;
    case 'list':
      // Flattened: one element per item, named after the list's element.
      if (Array.isArray(value)) {
        for (const item of value) writeValue(xml, shape.member, name, item);
      }
      return;
    case 'map':
      if (!isJsonObject(value)) return;
      for (const key of Object.keys(value)) {
        if (value[key] === undefined) continue;
        xml.open(name).element(shape.keyName, key);
        writeValue(xml, shape.value, shape.valueName, value[key]);
        xml.close(name);
      }
      return;
    case 'blob':
      xml.element(name, encodeBase64(value));
      return;
    default:
      xml.element(name, String(value));
  }
}

/**
 * An error as SQS's query protocol sends it, with the query model's HTTP status:
 * `<ErrorResponse><Error><Type/><Code/><Message/><Detail/></Error><RequestId/></ErrorResponse>`.
 */
export function encodeQueryError(error: SqsError, requestId: string): WireResponse {
  const message =
    error.Code === SQS_ERRORS.QueueDoesNotExist.code ? QUERY_QUEUE_DOES_NOT_EXIST : error.message;
  const body = new XmlWriter()
    .open('ErrorResponse', SQS_XML_NAMESPACE)
    .open('Error')
    .element('Type', error.Type)
    .element('Code', error.Code)
    .element('Message', message)
    .empty('Detail')
    .close('Error')
    .element('RequestId', requestId)
    .close('ErrorResponse')
    .toString();
  return { status: error.shape.status, headers: { 'content-type': XML_CONTENT_TYPE }, body };
}
