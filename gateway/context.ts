import type { BaseContext } from '@apollo/server';
import type { Principal } from '../shared/principal';

/** What one request carries through the gateway. */
export interface GatewayContext extends BaseContext {
  requestId: string;
  /** The caller, from a verified token. */
  principal: Principal;
  /** Why the caller reads this data (header X-Purpose; required of analysts). */
  purpose?: string;
}
