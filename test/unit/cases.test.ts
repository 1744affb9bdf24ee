/**
 * The cases' rules without a database: who owns a case and who is told, due dates, the allowed
 * changes, the checks before a change, the webhook settings, the backoff and the signature.
 */
import { createHmac } from 'node:crypto';
import { assignCase, CaseSubject, UNASSIGNED_OFFICE } from '../../subgraphs/cooperation/cases/policy';
import { mayChange, CASE_STATUSES } from '../../subgraphs/cooperation/cases/status';
import { checkChange } from '../../subgraphs/cooperation/cases/store';
import { backoffMs, webhookConfigFromEnv, webhookUrl } from '../../subgraphs/cooperation/cases/webhooks';
import { signBody } from '../../subgraphs/cooperation/cases/dispatcher';
import type { Principal } from '../../shared/principal';

const NATIONAL = '15101040000';
const LOCAL = '25101040000';
const DIVISION = '510104';

const subject = (over: Partial<CaseSubject>): CaseSubject => ({
  kind: 'ABNORMAL',
  record: { source: 'national-tax', id: 'N1' },
  sources: ['national-tax'],
  division: DIVISION,
  taxOfficeCodes: [NATIONAL],
  values: [],
  ...over,
});

describe('who owns a case, who is told, and by when', () => {
  it('an abnormal household: the bureau that declared it owns it, the other bureau is told; voiding is due three months after', () => {
    expect(
      assignCase(subject({ kind: 'ABNORMAL_OVERDUE', values: [{ source: 'national-tax', field: 'abnormalSince', value: '2015-03-10' }] })),
    ).toEqual({ ownerOffice: NATIONAL, notifyOffices: [LOCAL], dueOn: '2015-06-10' });
    expect(
      assignCase(
        subject({ kind: 'ABNORMAL_OVERDUE', record: { source: 'local-tax', id: 'L1' }, sources: ['local-tax'], taxOfficeCodes: [LOCAL] }),
      ),
    ).toEqual({ ownerOffice: LOCAL, notifyOffices: [NATIONAL], dueOn: null });
    // ABNORMAL itself has no time limit per household (the lists are published periodically).
    expect(assignCase(subject({ values: [{ source: 'national-tax', field: 'abnormalSince', value: '2015-03-10' }] })).dueOn).toBeNull();
  });

  it('an unregistered business naming no office: the local office of its area, national tax and the registry told; 30 days from the licence', () => {
    expect(
      assignCase(
        subject({
          kind: 'UNREGISTERED_BUSINESS',
          record: { source: 'business-registry', id: 'R1' },
          sources: ['business-registry', 'national-tax', 'local-tax'],
          taxOfficeCodes: [],
          values: [{ source: 'business-registry', field: 'establishedOn', value: '2015-12-20' }],
        }),
      ),
    ).toEqual({ ownerOffice: LOCAL, notifyOffices: [NATIONAL, DIVISION], dueOn: '2016-01-19' });
  });

  it('an unregistered business whose finding names both offices: the local one owns it', () => {
    const a = assignCase(
      subject({
        kind: 'UNREGISTERED_BUSINESS',
        record: { source: 'business-registry', id: 'R1' },
        sources: ['business-registry'],
        taxOfficeCodes: [NATIONAL, LOCAL],
      }),
    );
    expect([a.ownerOffice, a.notifyOffices]).toEqual([LOCAL, [NATIONAL, DIVISION]]);
  });

  it('urban construction tax: local tax owns it even when the record is national', () => {
    const a = assignCase(subject({ kind: 'UCT_BASE_MISMATCH', sources: ['national-tax', 'local-tax'], taxOfficeCodes: [NATIONAL, LOCAL] }));
    expect([a.ownerOffice, a.notifyOffices]).toEqual([LOCAL, [NATIONAL]]);
  });

  it('a payment: the collecting office TIPS names owns it, nobody else is told', () => {
    const a = assignCase(
      subject({
        kind: 'DEDUCTED_NOT_IN_TREASURY',
        record: { source: 'treasury-bank', id: `${LOCAL}|V1` },
        sources: ['treasury-bank'],
        taxOfficeCodes: [LOCAL],
      }),
    );
    expect(a).toEqual({ ownerOffice: LOCAL, notifyOffices: [], dueOn: null });
  });

  it('a kind added later is led by the bureau of its record', () => {
    const a = assignCase(subject({ kind: 'SOME_NEW_KIND', record: { source: 'local-tax', id: 'L9' }, taxOfficeCodes: [NATIONAL, LOCAL] }));
    expect(a.ownerOffice).toBe(LOCAL);
  });

  it('no office and no area: UNASSIGNED, which no officer holds, told to nobody', () => {
    expect(assignCase(subject({ taxOfficeCodes: [], division: null }))).toEqual({
      ownerOffice: UNASSIGNED_OFFICE,
      notifyOffices: [],
      dueOn: null,
    });
  });

  it('a due date is computed only from a real date', () => {
    const a = assignCase(subject({ kind: 'ABNORMAL_OVERDUE', values: [{ source: 'national-tax', field: 'abnormalSince', value: null }] }));
    expect(a.dueOn).toBeNull();
  });
});

describe('the changes an owner office may make', () => {
  it('takes up, closes and reopens, and nothing else', () => {
    const allowed = CASE_STATUSES.flatMap((from) => CASE_STATUSES.filter((to) => mayChange(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual([
      'OPEN->ACKNOWLEDGED',
      'OPEN->RESOLVED',
      'OPEN->DISMISSED',
      'ACKNOWLEDGED->RESOLVED',
      'ACKNOWLEDGED->DISMISSED',
      'RESOLVED->OPEN',
      'DISMISSED->OPEN',
    ]);
  });

  const officer: Principal = { sub: 'o1', role: 'officer', office: NATIONAL, scopes: ['taxpayer:read'] };
  const change = (principal: Principal, note: string) => () => checkChange({ findingId: 'X', status: 'ACKNOWLEDGED', note, principal });
  const codeOf = (f: () => unknown) => {
    try {
      f();
      return 'none';
    } catch (err) {
      return (err as { extensions?: { code?: string } }).extensions?.code;
    }
  };

  it('refuses anyone but an officer (FORBIDDEN), then an empty or overlong note (BAD_USER_INPUT)', () => {
    expect(codeOf(change({ sub: 'a', role: 'app', scopes: ['taxpayer:read', 'pii:read'] }, 'ok'))).toBe('FORBIDDEN');
    expect(codeOf(change({ sub: 'a', role: 'analyst', scopes: ['taxpayer:read'] }, 'ok'))).toBe('FORBIDDEN');
    expect(codeOf(change({ sub: 'b', role: 'bank', bank: '102100099996', scopes: [] }, 'ok'))).toBe('FORBIDDEN');
    expect(codeOf(change(officer, '   '))).toBe('BAD_USER_INPUT');
    expect(codeOf(change(officer, 'x'.repeat(2001)))).toBe('BAD_USER_INPUT');
    expect(change(officer, '  visited the premises  ')()).toBe('visited the premises');
  });
});

describe('webhook settings', () => {
  const SECRET = 's'.repeat(32);

  it('none configured: nothing is sent', () => {
    expect(webhookConfigFromEnv({})).toBeNull();
    expect(webhookConfigFromEnv({ TAXGRAPH_OFFICE_WEBHOOKS: '{}' })).toBeNull();
  });

  it('reads the offices, the default URL and the limits', () => {
    const config = webhookConfigFromEnv({
      TAXGRAPH_OFFICE_WEBHOOKS: JSON.stringify({ [NATIONAL]: 'https://n.example/hook', '*': 'http://default.example/hook' }),
      TAXGRAPH_WEBHOOK_SECRET: SECRET,
      TAXGRAPH_WEBHOOK_POLL_MS: '500',
    })!;
    expect([webhookUrl(config, NATIONAL), webhookUrl(config, LOCAL), config.pollMs, config.timeoutMs]).toEqual([
      'https://n.example/hook',
      'http://default.example/hook',
      500,
      10000,
    ]);
  });

  it.each([
    [
      'a short secret',
      { TAXGRAPH_OFFICE_WEBHOOKS: `{"${NATIONAL}":"https://x.example"}`, TAXGRAPH_WEBHOOK_SECRET: 'short' },
      /TAXGRAPH_WEBHOOK_SECRET/,
    ],
    ['no JSON', { TAXGRAPH_OFFICE_WEBHOOKS: 'nope', TAXGRAPH_WEBHOOK_SECRET: SECRET }, /not JSON/],
    ['a bad office', { TAXGRAPH_OFFICE_WEBHOOKS: '{"12":"https://x.example"}', TAXGRAPH_WEBHOOK_SECRET: SECRET }, /not an office code/],
    ['a bad URL', { TAXGRAPH_OFFICE_WEBHOOKS: `{"${NATIONAL}":"ftp://x"}`, TAXGRAPH_WEBHOOK_SECRET: SECRET }, /http\(s\) URL/],
    [
      'both inline and file',
      { TAXGRAPH_OFFICE_WEBHOOKS: '{}', TAXGRAPH_OFFICE_WEBHOOKS_FILE: '/tmp/x.json', TAXGRAPH_WEBHOOK_SECRET: SECRET },
      /not both/,
    ],
    [
      'a bad poll interval',
      { TAXGRAPH_OFFICE_WEBHOOKS: `{"*":"https://x.example"}`, TAXGRAPH_WEBHOOK_SECRET: SECRET, TAXGRAPH_WEBHOOK_POLL_MS: '0' },
      /POLL_MS/,
    ],
  ])('refuses %s', (_what, env, message) => {
    expect(() => webhookConfigFromEnv(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('backs off exponentially from one second, jittered, capped', () => {
    expect([backoffMs(1, 600_000, () => 0), backoffMs(1, 600_000, () => 1)]).toEqual([500, 1000]);
    expect([backoffMs(4, 600_000, () => 0), backoffMs(4, 600_000, () => 1)]).toEqual([4000, 8000]);
    expect([backoffMs(40, 600_000, () => 0), backoffMs(40, 600_000, () => 1)]).toEqual([300_000, 600_000]);
  });

  it('signs the raw body: hex HMAC-SHA256', () => {
    const body = '{"findingId":"X","status":"OPEN"}';
    expect(signBody(SECRET, body)).toBe(createHmac('sha256', SECRET).update(body).digest('hex'));
    expect(signBody(SECRET, body)).toMatch(/^[0-9a-f]{64}$/);
  });
});
