/**
 * DESIGN.md's "Boundaries", as rules the build enforces (`npm run lint`, and a test in `npm test`).
 * Each rule's comment is the sentence of DESIGN.md it stands for.
 */
const RUNTIME = '^(gateway|subgraphs|shared)/';
const OPERATIONAL_COMMANDS = '^scripts/(reconcile|audit-verify|start-subgraph|compose|composition|subgraphs)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'gateway-knows-no-subgraph',
      comment: "gateway/ never imports a subgraph's code: it knows the subgraphs only through schema/supergraph.graphql and their URLs.",
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^subgraphs/' },
    },
    {
      name: 'shared-is-shared',
      comment: 'What the gateway and the subgraphs both need lives in shared/, which depends on neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(gateway|subgraphs)/' },
    },
    {
      name: 'kit-imports-no-subgraph',
      comment: 'subgraphs/kit/ holds what only subgraphs share; it imports no subgraph.',
      severity: 'error',
      from: { path: '^subgraphs/kit/' },
      to: { path: '^subgraphs/', pathNot: '^subgraphs/kit/' },
    },
    {
      name: 'subgraph-imports-no-other-subgraph',
      comment: 'A subgraph never imports another subgraph (cooperation asks the sources over HTTP); kit/ is theirs to share.',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/', pathNot: '^subgraphs/kit/' },
      to: { path: '^subgraphs/[^/]+/', pathNot: ['^subgraphs/$1/', '^subgraphs/kit/'] },
    },
    {
      name: 'runtime-imports-no-development-infrastructure',
      comment: 'Runtime code never imports seeds/, test/ or dev/ (embedded PostgreSQL, development secrets).',
      severity: 'error',
      from: { path: [RUNTIME, OPERATIONAL_COMMANDS] },
      to: { path: '^(seeds|test|dev|bench)/' },
    },
    {
      name: 'runtime-imports-no-command',
      comment: 'Commands compose the runtime, never the other way round.',
      severity: 'error',
      from: { path: RUNTIME },
      to: { path: '^scripts/' },
    },
    {
      name: 'seeds-are-data',
      comment: 'The generator and DDL stand apart from the code that reads them: seeds/ imports shared/ and dev/ only.',
      severity: 'error',
      from: { path: '^seeds/' },
      to: { path: '^(gateway|subgraphs|scripts|bench|test)/' },
    },
    {
      name: 'development-infrastructure-is-below-its-users',
      comment: 'dev/ serves the start command, tests and benchmarks; it imports none of them, nor the runtime beyond shared/.',
      severity: 'error',
      from: { path: '^dev/' },
      to: { path: '^(gateway|subgraphs|scripts|bench|test)/' },
    },
    {
      name: 'only-tests-import-tests',
      comment: 'test/ is for tests alone.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
