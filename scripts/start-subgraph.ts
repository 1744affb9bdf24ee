/** `npm run start:subgraph -- NAME`: runs one subgraph alone, its database from its *_DATABASE_URL variable. */
import 'reflect-metadata';
import { runSubgraphFromEnv } from '../subgraphs/kit/subgraph';
import { loadSubgraph, SUBGRAPH_NAMES } from './subgraphs';

const name = process.argv[2];
if (!name) {
  process.stderr.write(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join('|')}>\n`);
  process.exit(2);
}
loadSubgraph(name)
  .then((mod) => runSubgraphFromEnv(mod))
  .catch((err: Error) => {
    process.stderr.write(`${name} failed to start: ${err.message}\n`);
    process.exit(1);
  });
