/**
 * The banks' REST resources: each is a persisted operation of gateway/operations/manifest.json,
 * named here with its path. The rest comes from the operation and the supergraph: a `{name}` in the
 * path is the variable of that name, every other variable is a query parameter of the same name and
 * type, and the response is the operation's one root field (a null one answers 404). Changing an
 * operation's selection or variables changes the resource and its OpenAPI document with it.
 */
export interface RestRoute {
  /** Below /rest/v1, with `{variable}` for path parameters. */
  path: string;
  /** The manifest operation's name. */
  operation: string;
  /** The OpenAPI operationId: the method name a generated client gives it. */
  operationId: string;
  /** The name of the response's schema in the document's components. */
  schemaName: string;
  summary: string;
  /** What a 404 says, for an operation whose root field can be null. */
  notFound?: string;
}

/** Where the banks' REST resources live on the gateway. */
export const REST_PREFIX = '/rest/v1';

export const REST_ROUTES: readonly RestRoute[] = [
  {
    path: '/payments/{taxOfficeCode}/{voucherNo}',
    operation: 'PaymentStatus',
    operationId: 'getPayment',
    schemaName: 'Payment',
    summary: "One of the calling bank's payments, by its tax office and voucher number",
    notFound: 'No payment of this bank has that tax office code and voucher number',
  },
  {
    path: '/payments',
    operation: 'PaymentsSince',
    operationId: 'listPaymentsSince',
    schemaName: 'PaymentPage',
    summary: "The calling bank's payments since a point in time, newest first, a page at a time (pass endCursor as after)",
  },
];
