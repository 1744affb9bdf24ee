/**
 * The rules a setting's value must follow, as zod schemas. Each takes what either place gives (a
 * YAML value from the config file: number, string, boolean, mapping; or an environment variable's
 * text) and yields the variable's text, so the file and the environment are checked by one rule and
 * every process keeps reading its variables as before. Each rule fails with one message saying the
 * rule ("must be an integer between 0 and 65535"); the loader puts the key in front of it.
 */
import { z } from 'zod';

/** A setting's schema: any input (file or environment) to the variable's text; undefined leaves it unset. */
export type Rule = z.ZodType<string | undefined, unknown>;

const digits = /^-?\d+$/;

/** A whole number in [min, max]: a YAML number or its digits. */
export function integer(min: number, max: number, also?: { not: number; why: string }): Rule {
  const rule = `must be an integer between ${min} and ${max}`;
  return z
    .union([z.int(), z.string().trim().regex(digits).transform(Number)], { error: rule })
    .pipe(z.int().min(min, { error: rule }).max(max, { error: rule }))
    .refine((n) => n !== also?.not, { error: also?.why })
    .transform(String);
}

/** A decimal number in [min, max] (a sampler's ratio). */
export function decimal(min: number, max: number): Rule {
  const rule = `must be a number between ${min} and ${max}`;
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^\d+(\.\d+)?$/)
          .transform(Number),
      ],
      { error: rule },
    )
    .pipe(z.number().min(min, { error: rule }).max(max, { error: rule }))
    .transform(String);
}

/** Text, at least `min` characters. */
export function text(min = 1, what = 'text'): Rule {
  const rule = min > 1 ? `must be ${what} of at least ${min} characters` : `must be ${what}`;
  return z.string({ error: rule }).min(min, { error: rule });
}

/** A path on disk (not checked for existence: the process that reads it says when it is missing). */
export const path = (): Rule => text(1, 'a path');

/** One of `values` (case as written). */
export function oneOf(values: readonly string[]): Rule {
  return z.enum(values as [string, ...string[]], { error: `must be one of ${values.join(', ')}` });
}

/** A URL whose scheme is one of `protocols` (without the colon: 'http', 'https'). */
export function url(protocols: readonly string[]): Rule {
  const names = protocols.map((p) => `${p}://`);
  const article = protocols[0].startsWith('h') ? 'an' : 'a';
  const rule = `must be ${article} ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]} URL`;
  return z.string({ error: rule }).refine(
    (raw) => {
      try {
        return protocols.includes(new URL(raw).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { error: rule },
  );
}

export const httpUrl = (): Rule => url(['http', 'https']);
export const postgresUrl = (): Rule => url(['postgres', 'postgresql']);

/** A calendar day, YYYY-MM-DD. */
export function day(): Rule {
  const rule = 'must be a date YYYY-MM-DD';
  return z
    .string({ error: rule })
    .refine(
      (v) =>
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        error: rule,
      },
    );
}

/** on/off: YAML's true and false, or the words. */
export function onOff(): Rule {
  const rule = 'must be on or off';
  return z.union([z.boolean().transform((b) => (b ? 'on' : 'off')), z.enum(['on', 'off'])], { error: rule });
}

/** A switch read as "set or not": true (or 1) sets the variable to 1; false leaves it unset. */
export function flag(): Rule {
  const rule = 'must be true or false';
  return z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: rule })
    .transform((v) => (v === true || v === 'true' || v === '1' ? '1' : undefined));
}

/** A JSON object: in the file a mapping (written as JSON for the process) or JSON text; in the environment JSON text. */
export function jsonObject(): Rule {
  const rule = 'must be a mapping (or JSON text of an object)';
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  return z.union(
    [
      z.record(z.string(), z.unknown()).transform((v) => JSON.stringify(v)),
      z.string().refine((s) => {
        try {
          return isObject(JSON.parse(s));
        } catch {
          return false;
        }
      }),
    ],
    { error: rule },
  );
}

/** OpenTelemetry's `key=value,key2=value2` lists: a mapping in the file, or the text. */
export function pairs(): Rule {
  const rule = 'must be a mapping of names to values, or key=value pairs separated by commas';
  return z.union(
    [
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).transform(
        (m) =>
          Object.entries(m)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
            .join(',') || undefined,
      ),
      z.string().regex(/^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/),
    ],
    { error: rule },
  );
}

/** A comma-separated list, each item one of `values` (OTEL_TRACES_EXPORTER). */
export function listOf(values: readonly string[]): Rule {
  const rule = `must be one or more of ${values.join(', ')}, separated by commas`;
  return z
    .union([z.array(z.enum(values as [string, ...string[]])).transform((a) => a.join(',')), z.string()], { error: rule })
    .refine((s) => s.split(',').every((item) => values.includes(item.trim())), { error: rule });
}
