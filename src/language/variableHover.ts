// Hover on a `$NAME` in a Dockerfile: the value the builder (or the shell of a RUN, or the running
// container) sees there, and where it came from, as the builder of `layerwise.build.builder` does it.
import * as vscode from 'vscode';
import { instructionAtLine, referenceAt, ScopeVariable, VariableSource } from '../dockerfile';
import { BuildModelCache } from './buildModelCache';

const sourceText: Record<VariableSource, string> = {
  // (An ARG a BuildKit stage kept from the stage it is built FROM reads as an ARG with its line.)
  'env': 'ENV in this stage',
  'inherited-env': 'ENV of the stage this one is built from',
  'base-image': 'the base image',
  'default-path': 'the default PATH the engine adds when the image has none',
  'arg': 'ARG (build time only)',
  'build-arg': 'a build arg (`layerwise.dockerfile.buildArgs`), declared by ARG (build time only)',
  'global-arg': 'a global ARG before the first FROM (build time only)',
  'predefined-arg': 'a predefined proxy build arg (build time only)',
};

const BUILD_TIME_ONLY = new Set<VariableSource>(['arg', 'build-arg', 'global-arg', 'predefined-arg']);
/** Instructions whose words run when the container starts, not while building. */
const RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const SHELL_VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export type HoverSource = (document: vscode.TextDocument, position: vscode.Position) => vscode.Hover | undefined;

/** Hovers for variables from the build model; undefined where the position holds no variable. */
export function variableHovers(models: BuildModelCache): HoverSource {
  return (document, position) => {
    const model = models.get(document);
    const at = { line: position.line, character: position.character };
    const reference = referenceAt(model, at);
    if (reference) {
      const range = new vscode.Range(reference.range.start.line, reference.range.start.character, reference.range.end.line, reference.range.end.character);
      if (reference.special || !reference.defined || !reference.resolvedTo) {
        return new vscode.Hover(md(`**\`${reference.name}\`** is not defined here: the builder expands it to an empty string.`), range);
      }
      return new vscode.Hover(describe(reference.resolvedTo), range);
    }
    // RUN, CMD, ENTRYPOINT...: the shell expands these, with the environment the model knows.
    const found = instructionAtLine(model, position.line);
    if (!found || found.instruction.expands) return undefined;
    const word = shellVariableAt(document, position);
    if (!word) return undefined;
    const variable = found.instruction.scope.get(word.name);
    const runtime = RUNTIME.has(found.instruction.keyword);
    const proxy = found.instruction.runEnv?.[word.name];
    if (!variable && proxy !== undefined) {
      // BuildKit gives every RUN the proxy build args (both cases) without their being in scope.
      return new vscode.Hover(md(`**\`${word.name}\`** = \`${proxy.replace(/`/g, '\\`')}\`\n\nfrom a proxy build arg, which BuildKit passes to every RUN (build time only)`), word.range);
    }
    if (!variable) {
      return new vscode.Hover(md(`**\`${word.name}\`** is not set by this Dockerfile here${runtime ? '' : ': the command sees it empty unless the shell sets it'}.`), word.range);
    }
    if (runtime && BUILD_TIME_ONLY.has(variable.source)) {
      return new vscode.Hover(md(`**\`${word.name}\`** is only an ARG: it is **empty when the container runs**. Persist it with \`ENV ${word.name}=$${word.name}\`.`), word.range);
    }
    return new vscode.Hover(describe(variable), word.range);
  };
}

function shellVariableAt(document: vscode.TextDocument, position: vscode.Position): { name: string; range: vscode.Range } | undefined {
  const line = document.lineAt(position.line).text;
  for (const m of line.matchAll(SHELL_VARIABLE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (position.character >= start && position.character <= end) {
      return { name: (m[1] ?? m[2])!, range: new vscode.Range(position.line, start, position.line, end) };
    }
  }
  return undefined;
}

function describe(variable: ScopeVariable): vscode.MarkdownString {
  const where = variable.definedAt ? ` at line ${variable.definedAt.start.line + 1}` : '';
  const value = variable.value === '' ? '*(empty)*' : `\`${variable.value.replace(/`/g, '\\`')}\``;
  const from = variable.automatic ? `BuildKit's automatic platform ARGs, declared by ARG${where} (build time only)` : `${sourceText[variable.source]}${where}`;
  return md(`**\`${variable.name}\`** = ${value}\n\nfrom ${from}`);
}

function md(text: string): vscode.MarkdownString {
  const s = new vscode.MarkdownString(text);
  s.isTrusted = false;
  return s;
}
