// `layerwise lint --format sarif`: SARIF 2.1.0, the format code-scanning services (GitHub and
// others) read. One run; every rule that fired is described in the driver (a short description,
// its default level, and its help link: BuildKit's page for BuildKit's checks, the rule's page in
// docs/rules for the others); one result per finding.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleInfo } from '../dockerfile/rules';
import type { RuleInfo } from '../dockerfile/rules';
import type { FileFinding } from './lintFormat';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** The folder that holds docs/rules (bundled: dist/..; compiled: out/src/cli/../../..). */
function projectRoot(): string | undefined {
  for (const up of ['..', '../..', '../../..']) {
    const root = resolve(__dirname, up);
    if (existsSync(join(root, 'docs', 'rules'))) return root;
  }
  return undefined;
}

/** BuildKit's page where BuildKit has the check; else the rule's page as shipped with Layerwise. */
export function helpUri(rule: RuleInfo, root = projectRoot()): string | undefined {
  if (rule.buildkitUrl) return rule.buildkitUrl;
  return root ? pathToFileURL(join(root, rule.docs)).href : undefined;
}

export function formatSarif(findings: FileFinding[], version: string): string {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const root = projectRoot();
  const rules = ruleIds.map((id) => {
    const rule = ruleInfo(id);
    if (!rule) return { id, shortDescription: { text: id } };
    const uri = helpUri(rule, root);
    return {
      id,
      shortDescription: { text: rule.description },
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
      ...(uri ? { helpUri: uri } : {}),
      properties: { docs: rule.docs, origin: rule.buildkitUrl ? 'buildkit' : 'layerwise' },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'layerwise', version, rules } },
      results: findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: toUri(f.file) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** A relative path stays relative (SARIF resolves it against the run's base); `\` becomes `/`. */
function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
