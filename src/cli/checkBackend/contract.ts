/**
 * What the OpenAPI document (src/api/openapi.yaml, compiled into openapiDocument.gen.ts)
 * says an operation answers, and how a received answer differs from it.
 */
import { dereference, isJsonObject, validateSchema, type JsonObject } from './jsonSchema.ts';
import { openApiDocument } from './openapiDocument.gen.ts';

/** The operations of the contract, by the path template and method the document uses. */
export type OperationKey =
  | 'POST /api/session/create-anonymous'
  | 'GET /api/session/{session_id}'
  | 'PATCH /api/session/{session_id}/upgrade'
  | 'POST /api/session/{session_id}/logout'
  | 'POST /api/auth/login';

/** An answer as received: status, content type (may be null) and the raw body text. */
export interface ReceivedAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

function operationOf(document: JsonObject, key: OperationKey): JsonObject | undefined {
  const [method = '', template = ''] = key.split(' ');
  const paths = isJsonObject(document.paths) ? document.paths : {};
  const item = dereference(document, paths[template]);
  const operation = isJsonObject(item) ? item[method.toLowerCase()] : undefined;
  return isJsonObject(operation) ? operation : undefined;
}

function documentedResponse(document: JsonObject, operation: JsonObject, status: number): JsonObject | undefined {
  const responses = isJsonObject(operation.responses) ? operation.responses : {};
  const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find((candidate) => Object.hasOwn(responses, candidate));
  const response = key === undefined ? undefined : dereference(document, responses[key]);
  return isJsonObject(response) ? response : undefined;
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * How `answer` breaks what the document says `operation` answers with `answer.status`: an
 * undocumented status, a body where none is documented, a content type or a body the schema
 * rejects. Empty when it conforms. Extra properties are accepted (SPEC §2).
 */
export function answerProblems(operation: OperationKey, answer: ReceivedAnswer, document: JsonObject = openApiDocument): string[] {
  const described = operationOf(document, operation);
  if (!described) return [`the OpenAPI document has no operation ${operation}`];
  const response = documentedResponse(document, described, answer.status);
  if (!response) {
    const documented = Object.keys(isJsonObject(described.responses) ? described.responses : {}).join(', ');
    return [`status ${answer.status} is not documented for ${operation} (documented: ${documented})`];
  }
  const content = isJsonObject(response.content) ? response.content : {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) {
    return answer.text === '' ? [] : [`status ${answer.status} has no body in the contract, got ${answer.text.length} bytes`];
  }
  const contentType = (answer.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const mediaType = mediaTypes.find((candidate) => candidate === contentType);
  if (mediaType === undefined) {
    return [`content-type ${contentType === '' ? '(none)' : contentType} is not the documented ${mediaTypes.join(' or ')}`];
  }
  const media = content[mediaType];
  if (!isJsonObject(media) || media.schema === undefined || !isJsonMediaType(mediaType)) return [];
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [`the body is not JSON`];
  }
  return validateSchema(media.schema, body, { document, allowExtraProperties: true });
}

/** Problems of `value` against `components.schemas[name]` of the document. */
export function componentProblems(name: string, value: unknown, document: JsonObject = openApiDocument): string[] {
  return validateSchema({ $ref: `#/components/schemas/${name}` }, value, { document, allowExtraProperties: true });
}
