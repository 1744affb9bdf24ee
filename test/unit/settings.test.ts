/**
 * The settings catalogue and the config file loader, without a process: the catalogue equals the
 * settings table in docs/operators.md and names every variable the code reads; its rules accept
 * what the processes' own checks accept; the loader nests keys, expands ${VAR}, lets the
 * environment override, and names every bad key with its rule.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../gateway/config';
import { applyConfigFile, ConfigError, configFilePath } from '../../shared/config-file';
import { parseConfigText } from '../../shared/config-parse';
import { SETTINGS, settingAt, shownValue } from '../../shared/settings';
import { webhookConfigFromEnv } from '../../subgraphs/cooperation/cases/webhooks';
import { sourceEndpointsFromEnv } from '../../subgraphs/cooperation/sources/endpoints';
import { checkConfig, effectiveSettings } from '../../scripts/config-check';

const ROOT = join(__dirname, '..', '..');

/** docs/operators.md's settings table: each row's variables (first column) and file keys (second). */
function settingsTable(): { variables: string[]; keys: string[]; envOnly: boolean; line: string }[] {
  const doc = readFileSync(join(ROOT, 'docs', 'operators.md'), 'utf8');
  const from = doc.indexOf('## Configuration');
  const to = doc.indexOf('\n## ', from + 1);
  const section = doc.slice(from, to === -1 ? undefined : to);
  const lines = section.split('\n').filter((l) => l.startsWith('| `'));
  return lines.map((line) => {
    const [variables, keys] = line.split(' | ').map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    return { variables, keys, envOnly: line.split(' | ')[1].includes('environment only'), line };
  });
}

/** The name a setting has in the table: its family's (`SUBGRAPH_<NAME>_URL`) or its own. */
const tableName = (s: (typeof SETTINGS)[number]) => s.family?.env ?? s.env;
const tableKey = (s: (typeof SETTINGS)[number]) => s.family?.key ?? s.key;

describe('the settings catalogue', () => {
  const table = settingsTable();

  it('has every variable of the settings table, under the keys the table names, and nothing the table lacks', () => {
    expect(table.length).toBeGreaterThan(20);
    const seen = new Map<string, string>();
    for (const row of table) {
      const catalogued = SETTINGS.filter((s) => row.variables.includes(tableName(s)));
      for (const variable of row.variables) {
        expect([variable, catalogued.some((s) => tableName(s) === variable)]).toEqual([variable, true]);
        // A variable in two rows (two branches both documenting it) is a merge to finish.
        expect([variable, seen.get(variable) ?? row.line]).toEqual([variable, row.line]);
        seen.set(variable, row.line);
      }
      const keys = [...new Set(catalogued.map(tableKey).filter((k): k is string => k !== null))].sort();
      expect([row.variables.join(', '), [...row.keys].sort()]).toEqual([row.variables.join(', '), keys]);
      if (row.envOnly) expect(catalogued.every((s) => s.key === null)).toBe(true);
    }
    const documented = new Set(table.flatMap((r) => r.variables));
    expect(SETTINGS.map(tableName).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('has every key in taxgraph.config.example.yaml (a subgraph family under at least one subgraph)', () => {
    // Read as a document, not as settings: a key the example leaves empty (`workerPort:`) is there all the same.
    const doc: unknown = parseYaml(readFileSync(join(ROOT, 'taxgraph.config.example.yaml'), 'utf8'));
    const has = (at: unknown, path: string[]): boolean => {
      if (!path.length) return true;
      if (!at || typeof at !== 'object') return false;
      const [part, ...rest] = path;
      if (part === '{}' || part === '<name>') return Object.values(at).some((v) => has(v, rest));
      return part in at && has((at as Record<string, unknown>)[part], rest);
    };
    const missing = SETTINGS.filter((x) => x.key !== null && !has(doc, x.key.split('.'))).map((x) => `${x.env} (${x.key})`);
    expect(missing).toEqual([]);
  });

  it('gives each key one setting, one rule per variable, and a one-line meaning', () => {
    const keys = SETTINGS.map((s) => s.key).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of SETTINGS) {
      expect(s.meaning).not.toMatch(/\n/);
      expect(s.meaning.length).toBeGreaterThan(5);
      if (s.key) expect(s.key).toMatch(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z0-9]*)+$/);
    }
    // Every one of the six subgraphs has its URL, timeout, port and host.
    for (const key of [
      'subgraphs.nationalTax.url',
      'subgraphs.cooperation.timeoutMs',
      'subgraphs.audit.port',
      'subgraphs.treasuryBank.host',
    ]) {
      expect(settingAt(key)).toBeDefined();
    }
    expect(settingAt('subgraphs.nationalTax.url')!.env).toBe('SUBGRAPH_NATIONAL_TAX_URL');
    expect(settingAt('subgraphs.localTax.port')).toMatchObject({ env: 'PORT', process: 'local-tax' });
  });

  it('names every variable the processes and commands read (a new one fails here until catalogued)', () => {
    const NOT_SETTINGS = new Set(['NODE_ENV', 'CHROMIUM_PATH', 'DEBIAN_FRONTEND']);
    const read = new Set<string>();
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const file = join(dir, entry);
        if (statSync(file).isDirectory()) visit(file);
        else if (file.endsWith('.ts')) {
          const source = readFileSync(file, 'utf8');
          for (const m of source.matchAll(/(?:process\.env|\benv)(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g))
            read.add(m[1] ?? m[2]);
          for (const m of source.matchAll(/(?:intVar|positive)\(env, '([A-Z][A-Z0-9_]+)'/g)) read.add(m[1]);
        }
      }
    };
    for (const dir of ['gateway', 'subgraphs', 'shared', 'scripts']) visit(join(ROOT, dir));
    expect(read.size).toBeGreaterThan(25);
    const catalogued = new Set(SETTINGS.map((s) => s.env));
    expect([...read].filter((name) => !catalogued.has(name) && !NOT_SETTINGS.has(name)).sort()).toEqual([]);
  });

  it("accepts exactly what the gateway's and cooperation's own checks accept", () => {
    const probes = [
      '-1',
      '0',
      '1',
      '49',
      '50',
      '99',
      '100',
      '101',
      '1023',
      '1024',
      '65535',
      '65536',
      '120000',
      '120001',
      '600000',
      '600001',
    ];
    probes.push(
      '3600000',
      '3600001',
      '10000000',
      '10000001',
      '100000000',
      '100000001',
      '1000000000',
      '1000000001',
      '86400000',
      '86400001',
      'x',
      '1.5',
    );
    const base = { TAXGRAPH_PRINCIPAL_SECRET: process.env.TAXGRAPH_PRINCIPAL_SECRET };
    const checks: [string, (v: string) => unknown][] = [
      ...[
        'PORT',
        'MAX_BODY_BYTES',
        'DRAIN_MS',
        'BREAKER_ERROR_PERCENT',
        'BREAKER_RESET_MS',
        'SUBGRAPH_TIMEOUT_MS',
        'SUBGRAPH_NATIONAL_TAX_TIMEOUT_MS',
        'MAX_DEPTH',
        'MAX_ALIASES',
        'MAX_COST',
        'ANALYST_MAX_COST',
        'RATE_LIMIT_APP_PER_MINUTE',
        'RATE_LIMIT_OFFICER_PER_MINUTE',
      ].map((name): [string, (v: string) => unknown] => [name, (v) => loadConfig({ ...base, [name]: v })]),
      ['COOPERATION_SOURCE_TIMEOUT_MS', (v) => sourceEndpointsFromEnv({ ...base, COOPERATION_SOURCE_TIMEOUT_MS: v })],
      ...['TAXGRAPH_WEBHOOK_POLL_MS', 'TAXGRAPH_WEBHOOK_TIMEOUT_MS', 'TAXGRAPH_WEBHOOK_MAX_BACKOFF_MS'].map(
        (name): [string, (v: string) => unknown] => [
          name,
          (v) =>
            webhookConfigFromEnv({
              TAXGRAPH_OFFICE_WEBHOOKS: '{"*":"https://x.example/h"}',
              TAXGRAPH_WEBHOOK_SECRET: 'k'.repeat(32),
              [name]: v,
            }),
        ],
      ),
    ];
    for (const [name, check] of checks) {
      const rule = SETTINGS.find((s) => s.env === name)!.rule;
      // The values on either side of each edge of the rule's range (reading the supergraph makes a gateway check cost 0.1 s).
      const accepted = probes.map((v) => rule.safeParse(v).success);
      const edges = [...probes.filter((_, i) => accepted[i] !== accepted[i - 1] || accepted[i] !== accepted[i + 1]), 'x', '1.5'];
      expect(edges.length).toBeGreaterThanOrEqual(4);
      for (const value of edges) {
        let processAccepts = true;
        try {
          check(value);
        } catch {
          processAccepts = false;
        }
        expect([name, value, rule.safeParse(value).success]).toEqual([name, value, processAccepts]);
      }
    }
    for (const url of ['http://a.example/graphql', 'https://a.example', 'ftp://a.example', 'not a url']) {
      let accepts = true;
      try {
        loadConfig({ ...base, SUBGRAPH_AUDIT_URL: url });
      } catch {
        accepts = false;
      }
      expect([url, settingAt('subgraphs.audit.url')!.rule.safeParse(url).success]).toEqual([url, accepts]);
    }
    for (const url of ['redis://h:6379', 'rediss://h', 'http://h:6379']) {
      let accepts = true;
      try {
        loadConfig({ ...base, REDIS_URL: url });
      } catch {
        accepts = false;
      }
      expect([url, settingAt('rateLimit.redisUrl')!.rule.safeParse(url).success]).toEqual([url, accepts]);
    }
  });
});

describe('the config file', () => {
  const parse = (text: string, env: NodeJS.ProcessEnv = {}, file = 'taxgraph.config.yaml') => parseConfigText(text, file, env);

  it('turns nested keys into the variables the processes read', () => {
    const { values, problems } = parse(`
gateway:
  port: 4100
  host: 0.0.0.0
subgraphs:
  timeoutMs: 800
  nationalTax: { url: 'http://nt.internal:4001/graphql', timeoutMs: 900 }
limits: { maxDepth: 9 }
audit: { trail: false }
log: { level: debug }
cooperation:
  practice:
    default: { jointGrade: LOWER, keyTaxSourceYuan: 1000000 }
telemetry:
  headers: { authorization: Bearer abc }
  resourceAttributes: { deployment.environment: staging }
dev: { verbose: true }
rateLimit:
  redisUrl:
`);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(values)).toEqual({
      'gateway.port': '4100',
      'gateway.host': '0.0.0.0',
      'subgraphs.timeoutMs': '800',
      'subgraphs.nationalTax.url': 'http://nt.internal:4001/graphql',
      'subgraphs.nationalTax.timeoutMs': '900',
      'limits.maxDepth': '9',
      'audit.trail': 'off',
      'log.level': 'debug',
      'cooperation.practice': '{"default":{"jointGrade":"LOWER","keyTaxSourceYuan":1000000}}',
      'telemetry.headers': 'authorization=Bearer%20abc',
      'telemetry.resourceAttributes': 'deployment.environment=staging',
      'dev.verbose': '1',
    });
  });

  it('expands ${VAR} from the environment, with defaults and $${ for a literal', () => {
    const env = { PRINCIPAL: 'p'.repeat(40), DB_PASSWORD: 's3cret' };
    const { values, problems } = parse(
      [
        'auth: { principalSecret: "${PRINCIPAL}", jwt: { issuer: "${ISSUER:-https://sso.example}", audience: "${AUDIENCE:-}" } }',
        'databases: { federation: "postgres://tg:${DB_PASSWORD}@db/taxgraph" }',
        'rateLimit: { keyPrefix: "tg$${literal}" }',
      ].join('\n'),
      env,
    );
    expect(problems).toEqual([]);
    expect(values.get('auth.principalSecret')).toBe('p'.repeat(40));
    expect(values.get('auth.jwt.issuer')).toBe('https://sso.example');
    expect(values.has('auth.jwt.audience')).toBe(false);
    expect(values.get('databases.federation')).toBe('postgres://tg:s3cret@db/taxgraph');
    expect(values.get('rateLimit.keyPrefix')).toBe('tg${literal}');
    // config:check shows neither the secret nor the password.
    expect(shownValue(settingAt('auth.principalSecret')!, values.get('auth.principalSecret')!)).toBe('***');
    expect(shownValue(settingAt('databases.federation')!, values.get('databases.federation')!)).toBe('postgres://tg:***@db/taxgraph');
  });

  it('names every problem at once, each with its key and rule', () => {
    const { problems } = parse(`
gateway:
  port: 70000
  prot: 4000
PORT: 4000
databases:
  nationalTax: http://db.example/national_tax
subgraphs:
  localTax: { url: 'ftp://x', timeoutMs: fast }
auth:
  principalSecret: \${UNSET_SECRET}
  jwt: { secret: short, jwksUrl: 'not a url' }
log: { level: loud }
cooperation: { asOf: 2015-02-30 }
telemetry: { protocol: grpc }
`);
    expect([...problems].sort()).toEqual(
      [
        'gateway.port: must be an integer between 0 and 65535, got 70000',
        'gateway.prot: unknown key (did you mean port?)',
        "PORT: unknown key (PORT is the environment variable; the file's key is gateway.port or subgraphs.<name>.port)",
        "databases.nationalTax: must be a postgres:// or postgresql:// URL, got 'http://db.example/national_tax'",
        "subgraphs.localTax.url: must be an http:// or https:// URL, got 'ftp://x'",
        "subgraphs.localTax.timeoutMs: must be an integer between 50 and 120000, got 'fast'",
        'auth.principalSecret: ${UNSET_SECRET} is not set in the environment (write ${UNSET_SECRET:-} to leave the key unset without it)',
        // A secret's value is never repeated in a message.
        'auth.jwt.secret: must be a secret of at least 32 characters',
        "auth.jwt.jwksUrl: must be an http:// or https:// URL, got 'not a url'",
        "log.level: must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
        "cooperation.asOf: must be a date YYYY-MM-DD, got '2015-02-30'",
        "telemetry.protocol: must be one of http/protobuf, http/json, got 'grpc'",
      ].sort(),
    );
  });

  it('refuses a section that is not a mapping, a file that is not YAML, and reads JSON', () => {
    expect(parse('gateway: 4000').problems).toEqual([
      'gateway: must be a mapping of keys (port, host, maxBodyBytes, drainMs, supergraphPath, supergraphWatch, trustProxyHops)',
    ]);
    expect(parse('gateway: [port').problems[0]).toMatch(/^not valid YAML: /);
    expect(parse('{"gateway": {"port": 4200}}', {}, 'taxgraph.config.json').values.get('gateway.port')).toBe('4200');
    expect(parse('{"gateway": {"port": }}', {}, 'taxgraph.config.json').problems[0]).toMatch(/^not valid JSON: /);
  });

  describe('applied to a process', () => {
    let dir: string;
    let file: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'taxgraph-config-'));
      file = join(dir, 'taxgraph.config.yaml');
      writeFileSync(
        file,
        'gateway: { port: 4100, host: 0.0.0.0 }\nsubgraphs: { nationalTax: { port: 4101 }, timeoutMs: 700 }\nlimits: { maxDepth: 7, maxAliases: 3 }\n',
      );
    });

    it('fills the variables the environment leaves unset; a set one (not empty) wins', () => {
      const env: NodeJS.ProcessEnv = { TAXGRAPH_CONFIG: file, MAX_DEPTH: '20', MAX_ALIASES: '' };
      const applied = applyConfigFile({ process: 'gateway', env });
      expect(applied.file).toBe(file);
      expect(env).toMatchObject({ PORT: '4100', HOST: '0.0.0.0', SUBGRAPH_TIMEOUT_MS: '700', MAX_DEPTH: '20', MAX_ALIASES: '3' });
      // The gateway then reads them as always.
      const config = loadConfig({ ...env, TAXGRAPH_PRINCIPAL_SECRET: process.env.TAXGRAPH_PRINCIPAL_SECRET });
      expect(config).toMatchObject({ port: 4100, host: '0.0.0.0', limits: { maxDepth: 20, maxAliases: 3 } });
      expect(config.subgraphs.every((s) => s.timeoutMs === 700)).toBe(true);
    });

    it("gives PORT and HOST by the process reading them: a subgraph's own, none for a command", () => {
      const subgraph: NodeJS.ProcessEnv = { TAXGRAPH_CONFIG: file };
      applyConfigFile({ process: 'national-tax', env: subgraph });
      expect(subgraph.PORT).toBe('4101');
      expect(subgraph.HOST).toBeUndefined();
      const command: NodeJS.ProcessEnv = { TAXGRAPH_CONFIG: file };
      applyConfigFile({ env: command });
      expect(command.PORT).toBeUndefined();
      expect(command.MAX_DEPTH).toBe('7');
    });

    it('is found in the working directory, or by TAXGRAPH_CONFIG (relative to it); a missing named file is an error', () => {
      expect(configFilePath({}, dir)).toBe(file);
      expect(configFilePath({}, tmpdir() + '/nonexistent-dir')).toBeNull();
      expect(configFilePath({ TAXGRAPH_CONFIG: 'taxgraph.config.yaml' }, dir)).toBe(file);
      const env = { TAXGRAPH_CONFIG: join(dir, 'missing.yaml') };
      expect(() => applyConfigFile({ env })).toThrow(ConfigError);
      expect(() => applyConfigFile({ env })).toThrow(/missing\.yaml is not a valid taxgraph configuration:\n {2}cannot read it: ENOENT/);
    });

    it('refuses a bad file whole: nothing is applied', () => {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, 'gateway: { port: 4100 }\nlimits: { maxDepth: 0 }\n');
      const env: NodeJS.ProcessEnv = { TAXGRAPH_CONFIG: bad };
      expect(() => applyConfigFile({ process: 'gateway', env })).toThrow(/limits\.maxDepth: must be an integer between 1 and 1000, got 0/);
      expect(env.PORT).toBeUndefined();
    });
  });
});

describe('config:check', () => {
  it('shows where each value comes from: the environment over the file over the default', () => {
    const values = new Map([
      ['gateway.port', '4100'],
      ['limits.maxDepth', '7'],
    ]);
    const effective = effectiveSettings(values, { MAX_DEPTH: '9', JWT_SECRET: 's'.repeat(32) });
    const of = (key: string) => effective.find((e) => e.setting.key === key)!;
    expect(of('gateway.port')).toMatchObject({ value: '4100', origin: 'file' });
    expect(of('limits.maxDepth')).toMatchObject({ value: '9', origin: 'env' });
    expect(of('limits.maxAliases')).toMatchObject({ value: '30', origin: 'default' });
    expect(of('rateLimit.redisUrl')).toMatchObject({ value: undefined, origin: 'unset' });
    expect(of('auth.jwt.secret')).toMatchObject({ origin: 'env' });
  });

  it('checks the environment by the same rules, and settings that go together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxgraph-check-'));
    const result = checkConfig(undefined, { MAX_DEPTH: 'deep', NATIONAL_TAX_DATABASE_URL: 'postgres://h/nt' }, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("MAX_DEPTH (environment, over limits.maxDepth): must be an integer between 1 and 1000, got 'deep'");
    const partial = checkConfig(undefined, { NATIONAL_TAX_DATABASE_URL: 'postgres://h/nt' }, dir);
    expect(partial.stderr).toContain('databases: all four legacy databases or none');
    expect(partial.stderr).toContain('databases.localTax (LOCAL_TAX_DATABASE_URL)');
    const practice = checkConfig(undefined, { TAXGRAPH_PRACTICE: '{"default": {"jointGrade": "HIGHEST"}}' }, dir);
    expect(practice.code).toBe(1);
    expect(practice.stderr).toMatch(/cooperation\.practice, cooperation\.practiceFile: .*jointGrade/);
    expect(checkConfig(undefined, {}, dir)).toMatchObject({ code: 0, stderr: '' });
  });
});
