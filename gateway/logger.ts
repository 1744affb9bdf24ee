import { createLogger, Logger } from '../shared/logger';

/** The gateway's logger (shared/logger.ts): one JSON line per event, `service: "gateway"`. */
export const logger: Logger = createLogger('gateway');
export type { Logger };
