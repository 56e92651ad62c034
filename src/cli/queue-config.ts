import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { FsyncPolicy } from '../persistence/durable-log-options.interface';
import { parse as parseYaml } from 'yaml';

/** One queue declared in a config file, validated. */
export interface QueueDeclaration {
  readonly name: string;
  readonly fifo: boolean;
  /** Queue attributes as SQS takes them (strings). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
}

/** Where the emulator keeps its state (the config file's `persistence` key). */
export interface PersistenceDeclaration {
  /** The data directory; a relative one is taken from the config file's folder. */
  readonly dir: string;
  readonly fsync?: FsyncPolicy;
}

/** The emulator's config file, validated. */
export interface EmulatorConfig {
  readonly queues: readonly QueueDeclaration[];
  readonly persistence?: PersistenceDeclaration;
}

/** The `--fsync` / `persistence.fsync` values. */
export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'batch', 'never'];

/** A config file that cannot be used, with where and why. */
export class QueueConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueConfigError';
  }
}

const QUEUE_KEYS = new Set(['name', 'fifo', 'attributes', 'tags', 'deadLetter']);

/**
 * Reads a queue config file: JSON (`.json`) or YAML (anything else). Its schema:
 *
 * ```yaml
 * queues:                      # a map keyed by queue name, or a list of { name, … }
 *   orders:
 *     attributes: { VisibilityTimeout: 30 }        # any SQS queue attribute
 *     deadLetter: { queue: orders-dlq, maxReceiveCount: 3 }
 *     tags: { team: shop }
 *   orders-dlq: {}
 *   payments.fifo:
 *     fifo: true               # default: true when the name ends in .fifo
 *     attributes: { ContentBasedDeduplication: true }
 * persistence:                 # optional: keep every queue and message across restarts
 *   dir: ./sqs-data            # relative to this file; --data-dir overrides it
 *   fsync: batch               # always | batch (default) | never
 * ```
 */
export async function loadQueueConfig(path: string): Promise<EmulatorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new QueueConfigError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new QueueConfigError(
      `${path} is not valid ${extname(path) || 'YAML'}: ${(e as Error).message}`,
    );
  }
  return parseQueueConfig(data ?? {}, dirname(resolve(path)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A map of scalar values as SQS strings; own keys only, stored without touching prototypes. */
function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new QueueConfigError(`${where} must be a map`);
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new QueueConfigError(`${where}.${key} must be a string, number or boolean`);
    }
    Object.defineProperty(out, key, {
      value: String(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Validates parsed config data (exported for tests); a relative `persistence.dir` is resolved
 * against `baseDir` (the config file's folder; default: the working directory).
 */
export function parseQueueConfig(data: unknown, baseDir = process.cwd()): EmulatorConfig {
  if (!isRecord(data)) throw new QueueConfigError('the config must be a map with a "queues" key');
  for (const key of Object.keys(data)) {
    if (key !== 'queues' && key !== 'persistence') {
      throw new QueueConfigError(`unknown top-level key "${key}"`);
    }
  }
  const persistence = parsePersistence(own(data, 'persistence'), baseDir);
  const raw = own(data, 'queues') ?? {};
  const entries: [string | undefined, unknown, string][] = Array.isArray(raw)
    ? raw.map((q, i) => [undefined, q, `queues[${i}]`])
    : isRecord(raw)
      ? Object.keys(raw).map((k) => [k, raw[k] ?? {}, `queues.${k}`])
      : [];
  if (!Array.isArray(raw) && !isRecord(raw)) {
    throw new QueueConfigError('"queues" must be a map (name → queue) or a list');
  }
  const queues = entries.map(([key, value, where]) => parseQueue(key, value, where));
  const names = new Set<string>();
  for (const q of queues) {
    if (names.has(q.name)) throw new QueueConfigError(`queue "${q.name}" is declared twice`);
    names.add(q.name);
  }
  for (const q of queues) {
    if (q.deadLetter && !names.has(q.deadLetter.queue)) {
      throw new QueueConfigError(
        `queue "${q.name}": dead-letter queue "${q.deadLetter.queue}" is not declared`,
      );
    }
  }
  return persistence ? { queues, persistence } : { queues };
}

function parsePersistence(value: unknown, baseDir: string): PersistenceDeclaration | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new QueueConfigError('persistence must be a map with a "dir" key');
  for (const k of Object.keys(value)) {
    if (k !== 'dir' && k !== 'fsync') {
      throw new QueueConfigError(`persistence: unknown key "${k}" (use dir, fsync)`);
    }
  }
  const dir = own(value, 'dir');
  if (typeof dir !== 'string' || dir.trim() === '') {
    throw new QueueConfigError('persistence.dir must be a directory path');
  }
  const fsync = own(value, 'fsync');
  if (fsync !== undefined && !FSYNC_POLICIES.includes(fsync as FsyncPolicy)) {
    throw new QueueConfigError(
      `persistence.fsync must be one of ${FSYNC_POLICIES.join(', ')}, got ${JSON.stringify(fsync)}`,
    );
  }
  return {
    dir: resolve(baseDir, dir),
    ...(fsync !== undefined ? { fsync: fsync as FsyncPolicy } : {}),
  };
}

function parseQueue(key: string | undefined, value: unknown, where: string): QueueDeclaration {
  if (!isRecord(value)) throw new QueueConfigError(`${where} must be a map`);
  for (const k of Object.keys(value)) {
    if (!QUEUE_KEYS.has(k)) {
      throw new QueueConfigError(
        `${where}: unknown key "${k}" (use ${[...QUEUE_KEYS].join(', ')})`,
      );
    }
  }
  const name = own(value, 'name') ?? key;
  if (typeof name !== 'string' || name === '') {
    throw new QueueConfigError(`${where}.name must be a non-empty string`);
  }
  const fifoValue = own(value, 'fifo');
  if (fifoValue !== undefined && typeof fifoValue !== 'boolean') {
    throw new QueueConfigError(`${where}.fifo must be true or false`);
  }
  const fifo = fifoValue ?? name.endsWith('.fifo');
  const attributes = stringMap(own(value, 'attributes'), `${where}.attributes`);
  if (fifo) attributes.FifoQueue = 'true';
  const tags = stringMap(own(value, 'tags'), `${where}.tags`);
  const dl = own(value, 'deadLetter');
  let deadLetter: QueueDeclaration['deadLetter'];
  if (dl !== undefined && dl !== null) {
    if (!isRecord(dl)) throw new QueueConfigError(`${where}.deadLetter must be a map`);
    const queue = own(dl, 'queue');
    const max = own(dl, 'maxReceiveCount');
    if (typeof queue !== 'string' || queue === '') {
      throw new QueueConfigError(`${where}.deadLetter.queue must be a queue name`);
    }
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
      throw new QueueConfigError(`${where}.deadLetter.maxReceiveCount must be an integer 1–1000`);
    }
    if (Object.prototype.hasOwnProperty.call(attributes, 'RedrivePolicy')) {
      throw new QueueConfigError(`${where}: give either deadLetter or attributes.RedrivePolicy`);
    }
    deadLetter = { queue, maxReceiveCount: max };
  }
  return { name, fifo, attributes, tags, deadLetter };
}

/**
 * The queues in creation order: every dead-letter queue before the queues that use it. A cycle
 * cannot be created that way (a redrive policy needs its target's ARN) and is an error.
 */
export function creationOrder(queues: readonly QueueDeclaration[]): QueueDeclaration[] {
  const byName = new Map(queues.map((q) => [q.name, q]));
  const ordered: QueueDeclaration[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (q: QueueDeclaration, path: string[]): void => {
    const s = state.get(q.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new QueueConfigError(`dead-letter cycle: ${[...path, q.name].join(' → ')}`);
    }
    state.set(q.name, 'visiting');
    const target = q.deadLetter && byName.get(q.deadLetter.queue);
    if (target) visit(target, [...path, q.name]);
    state.set(q.name, 'done');
    ordered.push(q);
  };
  for (const q of queues) visit(q, []);
  return ordered;
}
