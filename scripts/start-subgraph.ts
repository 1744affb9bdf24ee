/** `npm run start:subgraph -- NAME`: runs one subgraph alone, its database from its *_DATABASE_URL variable (or the config file). */
// First: tracing (when the OTEL_* variables ask for it) is on before any module that logs or queries is loaded (loggers and databases read it when made).
import { startProcessTracing } from '../shared/tracing';
if (process.argv[2]) startProcessTracing(`taxgraph-${process.argv[2]}`);
import 'reflect-metadata';
import '../shared/graphql-mode';
import { useConfigFile } from '../shared/config-file';
import { createLogger } from '../shared/logger';
import type { SubgraphName } from '../shared/sources';
import { runSubgraphFromEnv } from '../subgraphs/kit/subgraph';
import { loadSubgraph, SUBGRAPH_NAMES } from './subgraphs';

const name = process.argv[2];
if (!name) {
  process.stderr.write(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join('|')}>\n`);
  process.exit(2);
}
// The config file first (taxgraph.config.yaml): the logger reads LOG_LEVEL.
useConfigFile(name as SubgraphName);
const logger = createLogger(name);
loadSubgraph(name)
  .then((mod) => runSubgraphFromEnv(mod, logger))
  .catch((err: Error) => {
    logger.fatal({ err }, `${name} failed to start: ${err.message}`);
    process.exit(1);
  });
