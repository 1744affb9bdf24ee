import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * A breaking change the release manager lets ship to something a persisted operation uses or API.md
 * promises, with the reason (the banks were told, the field was deprecated for a release, ...).
 */
export interface AcceptedChange {
  /** The change's path as `npm run schema:check` prints it: `Type`, `Type.field`, `Type.field.argument`, `Enum.VALUE`. */
  path: string;
  /** Narrows the entry to one kind of change at that path: its type (`FIELD_REMOVED`) or a part of its message. */
  change?: string;
  /** Why it may ship: required, an entry without one is refused. */
  reason: string;
  /** The last day (YYYY-MM-DD) the entry holds; after it the change blocks again. */
  until?: string;
}

export const ACCEPTED_CHANGES_FILE = join('schema', 'accepted-changes.yaml');

const entry = z.strictObject({
  path: z.string().trim().min(1, 'required: the change path schema:check prints'),
  change: z.string().trim().min(1, 'when given, the change type (e.g. FIELD_REMOVED) or a part of its message').optional(),
  reason: z
    .string({ error: 'required: say why this breaking change may ship' })
    .trim()
    .min(1, 'required: say why this breaking change may ship'),
  until: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')
    .optional(),
});

const file = z.strictObject({ accepted: z.array(entry).nullish() });

/** Reads the accepted changes; throws naming each invalid key and its rule. An empty file accepts nothing. */
export function parseAcceptedChanges(text: string, source = ACCEPTED_CHANGES_FILE): AcceptedChange[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (err) {
    throw new Error(`${source}: not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const result = file.safeParse(document ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
      return `  ${key || '(top level)'}: ${issue.message}`;
    });
    throw new Error(`${source} is invalid:\n${problems.join('\n')}`);
  }
  return result.data.accepted ?? [];
}

export function readAcceptedChanges(path: string): AcceptedChange[] {
  return parseAcceptedChanges(readFileSync(path, 'utf8'), path);
}

/** Whether an entry covers a change (same path; same type or a part of its message when `change` is given). */
export const covers = (accepted: AcceptedChange, change: { path?: string; type: string; message: string }): boolean =>
  accepted.path === change.path && (!accepted.change || accepted.change === change.type || change.message.includes(accepted.change));

/** Whether an entry's `until` has passed on `today` (YYYY-MM-DD, UTC). */
export const expired = (accepted: AcceptedChange, today: string): boolean => accepted.until !== undefined && accepted.until < today;
