/**
 * Puts graphql-js in production mode in a service process, without NODE_ENV.
 *
 * graphql 16 decides once, when `graphql/jsutils/instanceOf.js` is first loaded, whether
 * `process.env.NODE_ENV === 'production'`; otherwise every `isObjectType`, `isSchema`... runs a
 * development check for a second copy of graphql (a build fault a test would show), about 8% of a
 * subgraph's CPU. NODE_ENV itself means more here: the operational commands take development
 * settings unless it is production (scripts/dev-settings.ts) and the gateway honours
 * TAXGRAPH_AUDIT=off only under development. So NODE_ENV reads 'production' only while that module
 * loads, and is put back as it was. An explicit NODE_ENV other than production (development, or
 * test under Jest) keeps graphql's checks.
 *
 * Import it first in an entry point (after reflect-metadata), before anything that loads graphql.
 */
const mode = process.env.NODE_ENV;
if (mode === undefined || mode === '' || mode === 'production') {
  process.env.NODE_ENV = 'production';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('graphql/jsutils/instanceOf');
  } finally {
    if (mode === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = mode;
  }
}

export {};
