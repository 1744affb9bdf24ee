/**
 * Every setting of every taxgraph process, in one place: its environment variable, its key in
 * `taxgraph.config.yaml`, the rule its value follows, whether it is a secret, its default and what
 * it means. The config file loader (shared/config-file.ts) and `npm run config:check` read it; a
 * test keeps it equal to the settings table in docs/operators.md, so a setting cannot be added to
 * one without the other. Processes still read their variables (the loader turns the file into
 * them): the defaults here are documentation, the code that reads a variable holds its own.
 */
import { AUDIT_SUBGRAPH, COOPERATION_SUBGRAPH, SOURCE_INFO, SUBGRAPH_NAMES, subgraphEnvKey, SubgraphName } from './sources';
import {
  day,
  decimal,
  flag,
  httpUrl,
  integer,
  jsonObject,
  listOf,
  oneOf,
  onOff,
  pairs,
  path,
  postgresUrl,
  Rule,
  text,
  url,
} from './setting-rules';

export interface Setting {
  /** The environment variable. */
  env: string;
  /** Its key in the config file (a dotted path: `gateway.port`), or null: the environment only. */
  key: string | null;
  rule: Rule;
  /** Shown as `***` by config:check. (URLs' passwords are always hidden.) */
  secret: boolean;
  /** The value a process uses when nothing sets it, as shown; undefined: unset means off or absent. */
  default?: string;
  /** One line: what it means. */
  meaning: string;
  /**
   * A variable whose meaning depends on the process reading it (PORT, HOST): the process this key is
   * for, `gateway` or a subgraph's name. Undefined: every process reads the same value.
   */
  process?: 'gateway' | SubgraphName;
  /** A family of variables, one per subgraph: the names as the settings table writes them. */
  family?: { env: string; key: string };
}

interface Options {
  secret?: boolean;
  default?: string | number;
  process?: Setting['process'];
  family?: Setting['family'];
}

function setting(env: string, key: string | null, rule: Rule, meaning: string, opts: Options = {}): Setting {
  return {
    env,
    key,
    rule,
    secret: opts.secret ?? false,
    default: opts.default === undefined ? undefined : String(opts.default),
    meaning,
    ...(opts.process ? { process: opts.process } : {}),
    ...(opts.family ? { family: opts.family } : {}),
  };
}

/** `national-tax` -> `nationalTax`: a subgraph's name as a config file key. */
export const subgraphKey = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function subgraphPort(name: SubgraphName): number {
  if (name === AUDIT_SUBGRAPH.name) return AUDIT_SUBGRAPH.port;
  if (name === COOPERATION_SUBGRAPH.name) return COOPERATION_SUBGRAPH.port;
  return SOURCE_INFO[name].port;
}

const PORT = () => integer(0, 65535);
const TIMEOUT = () => integer(50, 120_000);
const RATE = () => integer(0, 10_000_000);
const SECRET = () => text(32, 'a secret');

/** The per-subgraph families: for each subgraph its URL and timeout (gateway), and where it listens. */
function perSubgraph(): Setting[] {
  const family = (env: string, key: string) => ({ family: { env: env.replace('{}', '<NAME>'), key: key.replace('{}', '<name>') } });
  return SUBGRAPH_NAMES.flatMap((name) => {
    const env = (pattern: string) => pattern.replace('{}', subgraphEnvKey(name));
    const key = (pattern: string) => pattern.replace('{}', subgraphKey(name));
    return [
      setting(
        env('SUBGRAPH_{}_URL'),
        key('subgraphs.{}.url'),
        httpUrl(),
        `where the gateway (and cooperation, for a source) reaches ${name}`,
        {
          default: `http://127.0.0.1:${subgraphPort(name)}/graphql`,
          ...family('SUBGRAPH_{}_URL', 'subgraphs.{}.url'),
        },
      ),
      setting(env('SUBGRAPH_{}_TIMEOUT_MS'), key('subgraphs.{}.timeoutMs'), TIMEOUT(), `the gateway's timeout per request to ${name}, ms`, {
        default: 'subgraphs.timeoutMs',
        ...family('SUBGRAPH_{}_TIMEOUT_MS', 'subgraphs.{}.timeoutMs'),
      }),
      setting('PORT', key('subgraphs.{}.port'), PORT(), `the port the ${name} subgraph listens on`, {
        default: subgraphPort(name),
        process: name,
        family: { env: 'PORT', key: 'subgraphs.<name>.port' },
      }),
      setting('HOST', key('subgraphs.{}.host'), text(), `the address the ${name} subgraph listens on`, {
        default: '127.0.0.1',
        process: name,
        family: { env: 'HOST', key: 'subgraphs.<name>.host' },
      }),
    ];
  });
}

const DATABASE = (name: string) => `${name} (read only; all four legacy databases or none: none starts the embedded PostgreSQL)`;

/** The catalogue, in the order of the settings table. */
export const SETTINGS: readonly Setting[] = [
  setting('NATIONAL_TAX_DATABASE_URL', 'databases.nationalTax', postgresUrl(), DATABASE('the national tax database')),
  setting('LOCAL_TAX_DATABASE_URL', 'databases.localTax', postgresUrl(), DATABASE('the local tax database')),
  setting('BUSINESS_REGISTRY_DATABASE_URL', 'databases.businessRegistry', postgresUrl(), DATABASE('the business registry database')),
  setting('TREASURY_BANK_DATABASE_URL', 'databases.treasuryBank', postgresUrl(), DATABASE('the treasury-bank (TIPS) database')),
  setting(
    'TAXGRAPH_DATABASE_URL',
    'databases.federation',
    postgresUrl(),
    "the federation's own database: audit, reconciliation runs, cases",
  ),
  setting('TAXGRAPH_DATA_DIR', 'dev.dataDir', path(), 'embedded PostgreSQL, development secrets and settings', { default: '.data/' }),
  setting(
    'TAXGRAPH_PG_PORT',
    'dev.postgresPort',
    integer(1, 65535, { not: 5432, why: "must not be 5432 (a machine's own PostgreSQL listens there)" }),
    "the embedded PostgreSQL's port",
    {
      default: 54320,
    },
  ),
  setting('TEST_DATABASE_URL', null, postgresUrl(), 'tests only: a server where tests create and drop their own databases'),
  setting('PORT', 'gateway.port', PORT(), 'the port the gateway listens on', { default: 4000, process: 'gateway' }),
  setting('HOST', 'gateway.host', text(), 'the address the gateway listens on', { default: '127.0.0.1', process: 'gateway' }),
  ...perSubgraph(),
  setting(
    'COOPERATION_SOURCE_TIMEOUT_MS',
    'cooperation.sourceTimeoutMs',
    TIMEOUT(),
    "cooperation's timeout per call to a source subgraph, ms",
    {
      default: 3000,
    },
  ),
  setting('TAXGRAPH_AS_OF', 'cooperation.asOf', day(), "the day cooperation's checks count from", { default: 'today in China' }),
  setting('TAXGRAPH_PRACTICE', 'cooperation.practice', jsonObject(), "cooperation's rules of practice per province (a mapping or JSON)"),
  setting('TAXGRAPH_PRACTICE_FILE', 'cooperation.practiceFile', path(), "cooperation's rules of practice: a JSON file"),
  setting('RECONCILE_TOKEN', 'reconcile.token', text(), "the analyst's token npm run reconcile uses", { secret: true }),
  setting('TAXGRAPH_GATEWAY_URL', 'reconcile.gatewayUrl', httpUrl(), 'the gateway npm run reconcile pages through', {
    default: 'http://127.0.0.1:$PORT/graphql',
  }),
  setting(
    'RECONCILE_SHARD_LEASE_SECONDS',
    'reconcile.shardLeaseSeconds',
    integer(5, 86_400),
    "a distributed reconciliation shard's lease: a worker that holds it longer (died) loses it to another",
    { default: 600 },
  ),
  setting('RECONCILE_WORKER_SHARDS', 'reconcile.workerShards', integer(1, 16), 'shards a reconcile worker holds at once', { default: 2 }),
  setting(
    'RECONCILE_WORKER_PORT',
    'reconcile.workerPort',
    PORT(),
    'the port a reconcile worker answers /health, /ready and /metrics on (unset: no HTTP; 0: a free port, as workers started by --workers use)',
  ),
  setting('RECONCILE_WORKER_HOST', 'reconcile.workerHost', text(), "the address a reconcile worker's probes listen on", {
    default: '127.0.0.1',
  }),
  setting('SUBGRAPH_TIMEOUT_MS', 'subgraphs.timeoutMs', TIMEOUT(), "the gateway's timeout per request to a subgraph, ms", {
    default: 5000,
  }),
  setting(
    'BREAKER_ERROR_PERCENT',
    'subgraphs.breaker.errorPercent',
    integer(1, 100),
    'share of failed requests (%) that opens a circuit breaker',
    {
      default: 50,
    },
  ),
  setting('BREAKER_RESET_MS', 'subgraphs.breaker.resetMs', integer(100, 600_000), 'time an open breaker waits before a trial request, ms', {
    default: 2000,
  }),
  setting('JWT_SECRET', 'auth.jwt.secret', SECRET(), 'HS256 token secret (development)', { secret: true }),
  setting('JWT_SECRET_FILE', 'auth.jwt.secretFile', path(), 'a file holding the HS256 token secret'),
  setting('JWT_PUBLIC_KEY', 'auth.jwt.publicKey', text(), 'RS256 public key, PEM (production)'),
  setting('JWT_JWKS_URL', 'auth.jwt.jwksUrl', httpUrl(), 'RS256 keys from a JWKS endpoint (production)'),
  setting('JWT_ISSUER', 'auth.jwt.issuer', text(), "the tokens' required issuer (iss)"),
  setting('JWT_AUDIENCE', 'auth.jwt.audience', text(), "the tokens' required audience (aud)"),
  setting('TAXGRAPH_PRINCIPAL_SECRET', 'auth.principalSecret', SECRET(), 'signs the principal the gateway passes to subgraphs (shared)', {
    secret: true,
  }),
  setting('LOG_LEVEL', 'log.level', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), "every process's log level", {
    default: 'info',
  }),
  setting('TAXGRAPH_AUDIT', 'audit.trail', onOff(), 'off disables the audit trail (only with NODE_ENV=development)', { default: 'on' }),
  setting('MAX_BODY_BYTES', 'gateway.maxBodyBytes', integer(1024, 100_000_000), 'largest request body, bytes', { default: 1_000_000 }),
  setting('DRAIN_MS', 'gateway.drainMs', integer(0, 600_000), 'how long SIGTERM waits for in-flight requests, ms', { default: 10_000 }),
  setting('MAX_DEPTH', 'limits.maxDepth', integer(1, 1000), 'field levels per operation', { default: 12 }),
  setting('MAX_ALIASES', 'limits.maxAliases', integer(0, 100_000), 'aliased fields per operation', { default: 30 }),
  setting('MAX_COST', 'limits.maxCost', integer(1, 1_000_000_000), 'estimated cost per operation (apps, banks, officers)', {
    default: 50_000,
  }),
  setting('ANALYST_MAX_COST', 'limits.analystMaxCost', integer(1, 1_000_000_000), 'estimated cost per operation (analysts)', {
    default: 20_000,
  }),
  setting('RATE_LIMIT_APP_PER_MINUTE', 'rateLimit.appPerMinute', RATE(), 'operations per minute per app principal (0: no limit)', {
    default: 60_000,
  }),
  setting('RATE_LIMIT_ANALYST_PER_MINUTE', 'rateLimit.analystPerMinute', RATE(), 'operations per minute per analyst (0: no limit)', {
    default: 600,
  }),
  setting('RATE_LIMIT_BANK_PER_MINUTE', 'rateLimit.bankPerMinute', RATE(), 'operations per minute per bank code (0: no limit)', {
    default: 1200,
  }),
  setting('RATE_LIMIT_OFFICER_PER_MINUTE', 'rateLimit.officerPerMinute', RATE(), 'operations per minute per officer (0: no limit)', {
    default: 600,
  }),
  setting('REDIS_URL', 'rateLimit.redisUrl', url(['redis', 'rediss']), 'count rate limits in Redis, shared by every gateway'),
  setting('RATE_LIMIT_PREFIX', 'rateLimit.keyPrefix', text(), "the rate limits' Redis key prefix", { default: 'taxgraph:rate' }),
  setting('TAXGRAPH_OFFICE_WEBHOOKS', 'cooperation.webhooks.offices', jsonObject(), 'office code -> webhook URL for case notifications'),
  setting('TAXGRAPH_OFFICE_WEBHOOKS_FILE', 'cooperation.webhooks.officesFile', path(), 'the same, from a JSON file'),
  setting('TAXGRAPH_WEBHOOK_SECRET', 'cooperation.webhooks.secret', SECRET(), "the notifications' signing key", { secret: true }),
  setting('TAXGRAPH_WEBHOOK_POLL_MS', 'cooperation.webhooks.pollMs', integer(50, 3_600_000), 'how often the case outbox is polled, ms', {
    default: 2000,
  }),
  setting('TAXGRAPH_WEBHOOK_TIMEOUT_MS', 'cooperation.webhooks.timeoutMs', integer(100, 300_000), 'how long a receiver may take, ms', {
    default: 10_000,
  }),
  setting(
    'TAXGRAPH_WEBHOOK_MAX_BACKOFF_MS',
    'cooperation.webhooks.maxBackoffMs',
    integer(1000, 86_400_000),
    'longest wait between attempts, ms',
    {
      default: 600_000,
    },
  ),
  setting('TAXGRAPH_CONFIG', null, path(), 'the config file (default ./taxgraph.config.yaml when present)'),
  setting('SUPERGRAPH_PATH', 'gateway.supergraphPath', path(), 'the supergraph the gateway serves', {
    default: 'schema/supergraph.graphql',
  }),
  setting('TAXGRAPH_VERBOSE', 'dev.verbose', flag(), "npm start also shows every process's standard output"),
  setting('OTEL_SERVICE_NAME', 'telemetry.serviceName', text(), "the traces' service name (npm start sets one per process)"),
  setting(
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'telemetry.endpoint',
    httpUrl(),
    'OTLP/HTTP receiver (base URL); unset with no traces endpoint: tracing off',
  ),
  setting('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'telemetry.tracesEndpoint', httpUrl(), 'OTLP/HTTP receiver for traces (full URL)'),
  setting('OTEL_EXPORTER_OTLP_PROTOCOL', 'telemetry.protocol', oneOf(['http/protobuf', 'http/json']), "the exporter's encoding", {
    default: 'http/protobuf',
  }),
  setting('OTEL_EXPORTER_OTLP_HEADERS', 'telemetry.headers', pairs(), 'headers sent to the receiver (credentials)', { secret: true }),
  setting('OTEL_TRACES_EXPORTER', 'telemetry.tracesExporter', listOf(['otlp', 'none']), 'where traces go (on when an endpoint is set)'),
  setting(
    'OTEL_TRACES_SAMPLER',
    'telemetry.sampler',
    oneOf(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio']),
    'which operations are traced',
    { default: 'parentbased_always_on' },
  ),
  setting('OTEL_TRACES_SAMPLER_ARG', 'telemetry.samplerArg', decimal(0, 1), "the ratio samplers' share of operations traced", {
    default: 1,
  }),
  setting('OTEL_RESOURCE_ATTRIBUTES', 'telemetry.resourceAttributes', pairs(), 'attributes on every span (deployment.environment=...)'),
  setting(
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'telemetry.tracesProtocol',
    oneOf(['http/protobuf', 'http/json']),
    "the traces exporter's encoding",
    {
      default: 'http/protobuf',
    },
  ),
  setting('OTEL_SDK_DISABLED', 'telemetry.disabled', oneOf(['true', 'false']), 'true: tracing off whatever else is set', {
    default: 'false',
  }),
  setting('SUPERGRAPH_WATCH', 'gateway.supergraphWatch', onOff(), 'serve a new supergraph written to SUPERGRAPH_PATH without a restart', {
    default: 'on',
  }),
  setting(
    'TAXGRAPH_AUDIT_SIGNING_KEY',
    'audit.signingKey',
    text(),
    "the Ed25519 private key signing the audit chain's checkpoints (PEM or JWK)",
    {
      secret: true,
    },
  ),
  setting('TAXGRAPH_AUDIT_SIGNING_KEY_FILE', 'audit.signingKeyFile', path(), 'the same, from a file'),
  setting('TAXGRAPH_AUDIT_CHECKPOINT_MS', 'audit.checkpointMs', integer(100, 86_400_000), 'how often a checkpoint is signed, ms', {
    default: 60_000,
  }),
  setting('TAXGRAPH_AUDIT_CHECKPOINT_DIR', 'audit.checkpointDir', path(), 'a directory each checkpoint is also appended to'),
  setting(
    'RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE',
    'rateLimit.unauthenticatedPerMinute',
    RATE(),
    'refusals before authentication answered per client address and minute, beyond them 429 (0: no limit)',
    { default: 600 },
  ),
  setting(
    'TRUST_PROXY_HOPS',
    'gateway.trustProxyHops',
    integer(0, 10),
    "proxies whose X-Forwarded-For is believed (0: the socket's address)",
    {
      default: 0,
    },
  ),
  setting('MAX_TOKENS', 'limits.maxTokens', integer(100, 1_000_000), 'tokens one GraphQL document may hold', { default: 5000 }),
  setting(
    'MAX_SUBGRAPH_RESPONSE_BYTES',
    'subgraphs.maxResponseBytes',
    integer(1024, 512 * 1024 * 1024),
    'largest subgraph answer the gateway reads, bytes',
    { default: 64 * 1024 * 1024 },
  ),
];

/** The settings a process reads under their keys: PORT and HOST are its own, the rest everyone's. */
export function settingsFor(process?: Setting['process']): Setting[] {
  return SETTINGS.filter((s) => s.key !== null && (s.process === undefined || s.process === process));
}

/** The setting under a file key. */
export function settingAt(key: string): Setting | undefined {
  return SETTINGS.find((s) => s.key === key);
}

/** What config:check shows of a value: secrets as ***, a URL's password as *** everywhere. */
export function shownValue(s: Setting, value: string): string {
  if (s.secret) return '***';
  return value.replace(/\/\/([^:@/\s"]+):[^@/\s"]*@/g, '//$1:***@');
}
