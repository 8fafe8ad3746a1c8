// `layerwise lint --format sarif`: SARIF 2.1.0, the format code-scanning services (GitHub and
// others) read. One run, the rules that fired described in the driver, one result per finding.
import { ALL_RULES } from '../dockerfile/rules';
import type { FileFinding } from './lintFormat';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: FileFinding[], version: string): string {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const known = new Map(ALL_RULES.map((r) => [r.name, r]));
  const rules = ruleIds.map((id) => {
    const rule = known.get(id);
    return {
      id,
      ...(rule ? {
        shortDescription: { text: rule.description },
        defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
        ...(rule.buildkitUrl ? { helpUri: rule.buildkitUrl } : {}),
      } : {}),
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
