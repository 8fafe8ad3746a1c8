// What a hover on a `$NAME` in a Dockerfile says: the value the builder (or the shell of a RUN, or
// the running container) sees there, and where it came from, as the model's builder does it.
// Markdown text and a range, plain data: it is computed on the language worker's thread and
// rendered by the extension host (src/language/editingFeatures.ts). No `vscode` import.
import type { BuildModel, Position, Range, ScopeVariable, VariableSource } from '../types';
import { instructionAtLine, referenceAt } from '../query';

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

export interface VariableHover {
  /** Markdown, not trusted: no command links. */
  readonly markdown: string;
  readonly range: Range;
}

/** The hover for the variable at `position`; undefined where the position holds no variable. */
export function variableHoverAt(model: BuildModel, lineText: (line: number) => string, position: Position): VariableHover | undefined {
  const reference = referenceAt(model, position);
  if (reference) {
    if (reference.special || !reference.defined || !reference.resolvedTo) {
      return { markdown: `**\`${reference.name}\`** is not defined here: the builder expands it to an empty string.`, range: reference.range };
    }
    return { markdown: describe(reference.resolvedTo), range: reference.range };
  }
  // RUN, CMD, ENTRYPOINT...: the shell expands these, with the environment the model knows.
  const found = instructionAtLine(model, position.line);
  if (!found || found.instruction.expands) return undefined;
  const word = shellVariableAt(lineText(position.line), position);
  if (!word) return undefined;
  const variable = found.instruction.scope.get(word.name);
  const runtime = RUNTIME.has(found.instruction.keyword);
  const proxy = found.instruction.runEnv?.[word.name];
  if (!variable && proxy !== undefined) {
    // BuildKit gives every RUN the proxy build args (both cases) without their being in scope.
    return { markdown: `**\`${word.name}\`** = \`${proxy.replace(/`/g, '\\`')}\`\n\nfrom a proxy build arg, which BuildKit passes to every RUN (build time only)`, range: word.range };
  }
  if (!variable) {
    return { markdown: `**\`${word.name}\`** is not set by this Dockerfile here${runtime ? '' : ': the command sees it empty unless the shell sets it'}.`, range: word.range };
  }
  if (runtime && BUILD_TIME_ONLY.has(variable.source)) {
    return { markdown: `**\`${word.name}\`** is only an ARG: it is **empty when the container runs**. Persist it with \`ENV ${word.name}=$${word.name}\`.`, range: word.range };
  }
  return { markdown: describe(variable), range: word.range };
}

function shellVariableAt(line: string, position: Position): { name: string; range: Range } | undefined {
  for (const m of line.matchAll(SHELL_VARIABLE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (position.character >= start && position.character <= end) {
      return { name: (m[1] ?? m[2])!, range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } } };
    }
  }
  return undefined;
}

function describe(variable: ScopeVariable): string {
  const where = variable.definedAt ? ` at line ${variable.definedAt.start.line + 1}` : '';
  const value = variable.value === '' ? '*(empty)*' : `\`${variable.value.replace(/`/g, '\\`')}\``;
  const from = variable.automatic ? `BuildKit's automatic platform ARGs, declared by ARG${where} (build time only)` : `${sourceText[variable.source]}${where}`;
  return `**\`${variable.name}\`** = ${value}\n\nfrom ${from}`;
}
