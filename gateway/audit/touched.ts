import { DocumentNode, getNamedType, GraphQLSchema, isObjectType, Kind, ValueNode } from 'graphql';
import { isAcceptedUscc } from '../../shared/identifiers';
import { fragmentsOf, operationOf, rootFieldsOf } from '../limits/fragments';

/**
 * Whose data a response carried: the taxpayers (USCCs) and payments (tax office code and voucher
 * number) the audit record names, so `accessLog` can tell a taxpayer who read its data. Two sources:
 * - the response data: every `uscc` value, every other string leaf that is a valid USCC, and every
 *   object with both a `taxOfficeCode` and a `voucherNo`;
 * - the root fields' arguments: a query root field that returns the taxpayer (an object with a `uscc`
 *   field) asked for by `uscc`, or the payment (an object with `taxOfficeCode` and `voucherNo`)
 *   asked for by those, and that answered non-null, carried its data even when the selection did not
 *   ask for the key itself (`taxpayer(uscc: $u) { name }`). A field that takes a `uscc` but returns
 *   something else (`accessLog`) does not count as reading the taxpayer's data.
 * A record reached only by a legacy identifier whose selection omits `uscc` is not named: the key
 * is not in the answer. Its variables (masked) are in the record.
 */
export interface Touched {
  taxpayers: string[];
  vouchers: string[];
}

export const voucherKey = (taxOfficeCode: string, voucherNo: string) => `${taxOfficeCode}:${voucherNo}`;

/**
 * One walk over the response, on a stack of its own (no recursion, whatever the depth). Only objects
 * and arrays are stacked, and strings are looked at only when 18 characters long: on an analyst's page
 * of 100 taxpayers the walk was the audit trail's largest cost (Object.values and a push per leaf; this
 * walk takes about half the time).
 */
function fromData(data: unknown, taxpayers: Set<string>, vouchers: Set<string>): void {
  const stack: object[] = [];
  const visit = (x: unknown) => {
    if (typeof x === 'string') {
      if (x.length === 18 && isAcceptedUscc(x)) taxpayers.add(x);
    } else if (x !== null && typeof x === 'object') stack.push(x);
  };
  visit(data);
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i]);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.taxOfficeCode === 'string' && typeof o.voucherNo === 'string') vouchers.add(voucherKey(o.taxOfficeCode, o.voucherNo));
    // Response objects are plain data: for-in is their own keys, without the array Object.values makes.
    for (const k in o) visit(o[k]);
  }
}

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.STRING) return node.value;
  return undefined;
}

function fromArguments(
  data: Record<string, unknown>,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  taxpayers: Set<string>,
  vouchers: Set<string>,
): void {
  const operation = operationOf(document, operationName);
  const root = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !root) return;
  for (const field of rootFieldsOf(operation.selectionSet, fragmentsOf(document))) {
    const answered = data[field.alias?.value ?? field.name.value];
    if (answered === null || answered === undefined) continue;
    const definition = root.getFields()[field.name.value];
    const returns = definition ? getNamedType(definition.type) : undefined;
    if (!isObjectType(returns)) continue;
    const fields = returns.getFields();
    const arg = (name: string) => valueOf(field.arguments?.find((a) => a.name.value === name)?.value, variables);
    const uscc = arg('uscc');
    if (fields.uscc && typeof uscc === 'string' && isAcceptedUscc(uscc)) taxpayers.add(uscc);
    const office = arg('taxOfficeCode');
    const voucher = arg('voucherNo');
    if (fields.taxOfficeCode && fields.voucherNo && typeof office === 'string' && typeof voucher === 'string')
      vouchers.add(voucherKey(office, voucher));
  }
}

export function touchedBy(
  data: unknown,
  schema?: GraphQLSchema,
  document?: DocumentNode,
  operationName?: string | null,
  variables?: Record<string, unknown> | null,
): Touched {
  const taxpayers = new Set<string>();
  const vouchers = new Set<string>();
  if (data && typeof data === 'object') {
    fromData(data, taxpayers, vouchers);
    if (schema && document)
      fromArguments(data as Record<string, unknown>, schema, document, operationName, variables ?? {}, taxpayers, vouchers);
  }
  return { taxpayers: [...taxpayers].sort(), vouchers: [...vouchers].sort() };
}
