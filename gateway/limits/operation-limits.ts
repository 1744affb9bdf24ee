import type { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { taxgraphError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import { aliasCount } from './aliases';
import { operationCost } from './cost';
import { operationDepth } from './depth';

/**
 * What one operation may ask, checked on its document before any subgraph is called. Depth and
 * aliases bound the shape for everyone; the cost estimate (./cost.ts) bounds the rows the sources
 * would read. Analysts run ad-hoc queries from the explorer and get a smaller cost budget; bulk
 * cross-agency lists are the reconciliation run's work (an app), not an analyst's query.
 */
export interface OperationLimits {
  /** Field levels (MAX_DEPTH). @default 12 */
  maxDepth: number;
  /** Aliased fields, fragments expanded (MAX_ALIASES). @default 30 */
  maxAliases: number;
  /** Estimated cost for apps and banks (MAX_COST). @default 50000 */
  maxCost: number;
  /** Estimated cost for analysts (ANALYST_MAX_COST). @default 20000, or MAX_COST when that is lower */
  analystMaxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30, maxCost: 50_000, analystMaxCost: 20_000 };

export const costLimitFor = (limits: OperationLimits, role: Principal['role']): number =>
  role === 'analyst' ? limits.analystMaxCost : limits.maxCost;

const tooComplex = (message: string, figures: Record<string, number>) =>
  taxgraphError('QUERY_TOO_COMPLEX', message, { ...figures, http: { status: 400 } });

/** The first limit the operation breaks, as the error the client gets (with the figure and the limit), or undefined. */
export function limitRefusal(
  limits: OperationLimits,
  role: Principal['role'],
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): GraphQLError | undefined {
  const depth = operationDepth(document, operation);
  if (depth > limits.maxDepth) {
    return tooComplex(
      `The operation nests ${depth} levels deep; the limit is ${limits.maxDepth}. Ask for fewer nested fields, or split the operation.`,
      { depth, limit: limits.maxDepth },
    );
  }
  const aliases = aliasCount(document, operation);
  if (aliases > limits.maxAliases) {
    return tooComplex(
      `The operation uses ${aliases} aliases; the limit is ${limits.maxAliases}. Page through a list instead of aliasing one field many times.`,
      { aliases, limit: limits.maxAliases },
    );
  }
  const cost = operationCost(schema, document, operation, variables ?? {});
  const limit = costLimitFor(limits, role);
  if (cost > limit) {
    return tooComplex(
      `The operation's estimated cost is ${cost}; the limit is ${limit}. List sizes multiply through the query ` +
        '(a page costs its first, default 50, times its selection; other lists count 10): ask for smaller pages or fewer nested lists.',
      { cost, limit },
    );
  }
  return undefined;
}
