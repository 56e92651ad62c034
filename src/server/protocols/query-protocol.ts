import type { SqsError } from '../../emulator/errors/sqs-error';
import { SQS_ERRORS } from '../../emulator/errors/sqs-error-shapes';
import { SQS_ACTIONS } from '../../port/sqs-actions';
import type { SqsAction, SqsOutput } from '../../port/sqs-port.interface';
import { mediaType } from '../http/media-type';
import type { WireResponse } from '../http/wire-response.interface';
import { encodeBase64 } from './base64';
import { isJsonObject } from './own-properties';
import { ProtocolErrors } from './protocol-errors';
import { decodeQueryRequest, parseFormParameters } from './query-request-parser';
import { type Shape, type StructureShape, wireName } from './shapes';
import { actionNamed, SQS_ACTION_SHAPES, type SqsCall, sqsCall } from './sqs-action-shapes';
import { utf8Text } from './utf8-text';
import type { WireProtocol, WireRequest } from './wire-protocol.interface';
import { XmlWriter } from './xml-writer';

/** The XML namespace of SQS's query responses. */
export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const XML_CONTENT_TYPE = 'text/xml';
const XML_HEADERS: Readonly<Record<string, string>> = { 'content-type': XML_CONTENT_TYPE };
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** The query protocol's own wording for a missing queue (the JSON text lacks the suffix). */
const QUERY_QUEUE_DOES_NOT_EXIST = 'The specified queue does not exist for this wsdl version.';

/**
 * SQS's query protocol, as older SDKs and the aws CLI v2 of Debian speak it: `Action=…` and the
 * input as flattened parameters, in the URL's query string or a form body; the result and errors
 * as XML.
 */
export const QUERY_PROTOCOL: WireProtocol = {
  name: 'query',

  decode(request: WireRequest, body: Buffer): SqsCall {
    const params = parseFormParameters(request.url.search.slice(1));
    const media = mediaType(request.headers['content-type']);
    if (body.length > 0 && (media === FORM_MEDIA_TYPE || media === '')) {
      const text = utf8Text(body, () =>
        ProtocolErrors.malformedQueryString('the body is not valid UTF-8.'),
      );
      parseFormParameters(text, params);
    }
    const name = params.get('Action');
    if (name === undefined || name === '') throw ProtocolErrors.missingAction();
    const action = actionNamed(name);
    if (!action) throw ProtocolErrors.invalidAction(name);
    const shape = SQS_ACTION_SHAPES[action].input;
    const input = decodeQueryRequest(shape, params);
    // Java SDK v1 posts to the queue's URL instead of sending a QueueUrl parameter.
    const path = request.url.pathname;
    if ('QueueUrl' in shape.members && input.QueueUrl === undefined && path !== '/') {
      input.QueueUrl = request.origin + path;
    }
    return sqsCall(action, input);
  },

  encodeResult<A extends SqsAction>(
    action: A,
    result: SqsOutput<A>,
    request: WireRequest,
  ): WireResponse {
    return encodeQueryResult(action, result, request.requestId);
  },

  encodeError(error: SqsError, request: WireRequest): WireResponse {
    return encodeQueryError(error, request.requestId);
  },
};

/**
 * A result as SQS's query protocol sends it:
 * `<XResponse xmlns="…"><XResult>…</XResult><ResponseMetadata><RequestId>…</…></XResponse>`,
 * with lists and maps flattened (`<Message>`, `<Attribute><Name/><Value/></Attribute>`).
 */
export function encodeQueryResult(
  action: SqsAction,
  result: unknown,
  requestId: string,
): WireResponse {
  const name = SQS_ACTIONS[action];
  const output = SQS_ACTION_SHAPES[action].output;
  const xml = new XmlWriter().open(`${name}Response`, SQS_XML_NAMESPACE);
  if (output) {
    const wrapper = `${name}Result`;
    xml.open(wrapper);
    writeMembers(xml, output, result);
    xml.close(wrapper);
  }
  xml
    .open('ResponseMetadata')
    .element('RequestId', requestId)
    .close('ResponseMetadata')
    .close(`${name}Response`);
  return { status: 200, headers: XML_HEADERS, body: xml.toString() };
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
  return { status: error.shape.status, headers: XML_HEADERS, body };
}
