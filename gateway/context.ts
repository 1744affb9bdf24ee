import type { BaseContext } from '@apollo/server';

/** What one request carries through the gateway. */
export interface GatewayContext extends BaseContext {
  requestId: string;
}
