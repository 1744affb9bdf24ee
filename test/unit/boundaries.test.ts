import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * DESIGN.md's boundaries (.dependency-cruiser.cjs) hold over the whole tree: `npm test` fails on an
 * import that breaks them, as `npm run lint` (CI) does.
 */
describe('boundaries', () => {
  it('no import breaks a rule of .dependency-cruiser.cjs', () => {
    const root = join(__dirname, '..', '..');
    const out = execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
        ...['shared', 'gateway', 'subgraphs', 'dev', 'seeds', 'scripts', 'bench', 'test'],
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'json',
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    const result = JSON.parse(out) as {
      summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number };
    };
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });
});
