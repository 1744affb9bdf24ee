import { getDirective, mapSchema, MapperKind } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { taxgraphError } from '../../shared/errors';
import { maskPersonalId } from '../../shared/identifiers';
import type { Principal } from '../../shared/principal';

/**
 * Who may see what, declared in the schema and enforced here, inside every subgraph, so the rules
 * hold whichever gateway sits in front (and for a caller that reaches a subgraph with a signed
 * principal of its own). Two directives carry the rules:
 *
 * - Federation's `@requiresScopes(scopes: [[...]])`: the field answers null and FORBIDDEN unless the
 *   principal holds every scope of at least one set (the outer list is OR, the inner AND, as in
 *   Federation). Banks hold no `taxpayer:read`, so of a taxpayer they get the USCC and name only.
 * - taxgraph's own `@personalData`, composed into the supergraph with `@composeDirective`: the value
 *   is masked unless the principal holds `pii:read` (analysts never do).
 *
 * Only annotated fields are wrapped: a global middleware would wrap every property of every object
 * and costs about twice the time on large answers.
 */

/** Annotates a field that reveals a taxpayer's records beyond its USCC and name. */
export const TAXPAYER_READ = '@requiresScopes(scopes: [["taxpayer:read"]])';

/** Annotates a personal-data field (a citizen ID, a phone number, an account): masked without `pii:read`. */
export const PERSONAL_DATA = '@personalData';

/** Annotates a TIN field: only a citizen-ID TIN (an individual business's) is personal data and masked. */
export const PERSONAL_DATA_TIN = '@personalData(tin: true)';

/** Annotates a natural person's name (a legal representative, an operator): masked to its first character (the surname). */
export const PERSONAL_DATA_NAME = '@personalData(name: true)';

/** The scope that lets a principal see personal data unmasked. */
export const PII_SCOPE = 'pii:read';

/**
 * What every subgraph adds to its SDL so the supergraph carries `@personalData` where a reader of
 * the schema sees it (Federation drops custom directives unless they are composed).
 */
export const PERSONAL_DATA_SDL =
  `extend schema
  @link(url: "https://taxgraph.dev/personal-data/v1.0", import: ["@personalData"])
  @composeDirective(name: "@personalData")

"""
Personal data (a citizen ID, a phone number, a payer account): masked (first and last four characters kept, stars between) ` +
  `unless the caller holds the scope pii:read, which analysts never get.
With tin: true the field is a taxpayer identification number, personal data only when it is an individual business's ` +
  `citizen-ID TIN (20 characters: citizen ID + 2 digits); enterprise TINs are shown as they are.
With name: true the field is a natural person's name: masked to its first character (the surname) and a star for each other ` +
  `character (张**).
"""
directive @personalData(tin: Boolean! = false, name: Boolean! = false) on FIELD_DEFINITION`;

/** Whether the principal holds every scope of at least one of the sets. */
export function hasScopes(principal: Principal | undefined, scopeSets: readonly (readonly string[])[]): boolean {
  if (!principal) return false;
  return scopeSets.some((set) => set.every((scope) => principal.scopes.includes(scope)));
}

/** Whether the principal sees personal data whole: with `pii:read`, and never as an analyst, whatever a signer claims. */
export function mayReadPersonalData(principal: Principal | undefined): boolean {
  return !!principal && principal.role !== 'analyst' && principal.scopes.includes(PII_SCOPE);
}

/** A citizen-ID TIN is the owner's 18-character citizen ID and a 2-digit business index. */
const CITIZEN_ID_TIN_LENGTH = 20;

/** Whether a TIN is an individual business's citizen-ID TIN (the one kind of TIN that is personal data). */
export function isCitizenIdTin(tin: string | null | undefined): boolean {
  return tin?.length === CITIZEN_ID_TIN_LENGTH;
}

/**
 * The one mask for personal data: the first and last four characters stay, stars stand between
 * (`5101**********1236`), a value of eight characters or fewer is all stars. For a TIN field only a
 * citizen-ID TIN is masked, keeping its first four characters and the 2-digit business index
 * (`5101**************00`), so the citizen ID's own last characters stay hidden; an enterprise TIN
 * (old 15-character TIN, USCC) is returned as it is. The length is always kept.
 */
export function maskPersonalData(value: string, options: { tin?: boolean; name?: boolean } = {}): string {
  if (options.name) return maskPersonName(value);
  if (!options.tin) return maskPersonalId(value);
  if (!isCitizenIdTin(value)) return value;
  return value.slice(0, 4) + '*'.repeat(CITIZEN_ID_TIN_LENGTH - 6) + value.slice(-2);
}

/**
 * A natural person's name without `pii:read`: its first character (the surname, for most Chinese names)
 * and a star for each other one (`张**`), so the length stays and the person cannot be named. Blanks
 * around it are dropped first; a one-character value is all stars.
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** How a personal-data field is masked: as an ID (the default), as a TIN, or as a person's name. */
interface MaskOptions {
  tin: boolean;
  name: boolean;
}

/** The rules declared on one field. */
interface FieldRules {
  scopeSets?: string[][];
  personalData?: MaskOptions;
}

function rulesOf(schema: GraphQLSchema, field: Parameters<typeof getDirective>[1]): FieldRules | null {
  const scopes = getDirective(schema, field, 'requiresScopes')?.[0]?.scopes as string[][] | undefined;
  const personal = getDirective(schema, field, 'personalData')?.[0] as { tin?: boolean; name?: boolean } | undefined;
  if (!scopes && !personal) return null;
  return { scopeSets: scopes, personalData: personal ? { tin: personal.tin === true, name: personal.name === true } : undefined };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function maskResult(value: unknown, options: MaskOptions): unknown {
  if (typeof value === 'string') return maskPersonalData(value, options);
  if (Array.isArray(value)) return value.map((v) => maskResult(v, options));
  return value;
}

/**
 * Wraps the resolver of every field that carries `@requiresScopes` or `@personalData` so the rule is
 * checked against the request's principal (`context.principal`, verified from the gateway's signature).
 */
export function enforceAccessRules(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const rules = rulesOf(schema, fieldConfig);
      if (!rules) return fieldConfig;
      const resolve: GraphQLFieldResolver<unknown, { principal?: Principal }> = fieldConfig.resolve ?? defaultFieldResolver;
      const { scopeSets, personalData } = rules;
      const coordinate = `${typeName}.${fieldName}`;
      const wrapped: GraphQLFieldResolver<unknown, { principal?: Principal }> = (source, args, context, info) => {
        const principal = context?.principal;
        if (scopeSets && !hasScopes(principal, scopeSets)) {
          const needed = scopeSets.map((set) => set.join(' and ')).join(' or ');
          throw taxgraphError('FORBIDDEN', `${coordinate} requires the scope ${needed}, which this caller does not hold.`, {
            requiredScopes: scopeSets,
            field: coordinate,
          });
        }
        const value = resolve(source, args, context, info);
        if (!personalData || mayReadPersonalData(principal)) return value;
        return isThenable(value) ? value.then((v) => maskResult(v, personalData)) : maskResult(value, personalData);
      };
      return { ...fieldConfig, resolve: wrapped };
    },
  });
}
