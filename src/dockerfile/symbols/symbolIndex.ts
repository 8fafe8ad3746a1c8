// Where each variable and build stage of a Dockerfile is defined and used, as the builder links
// them: the index behind references, document highlights, rename, semantic tokens and inlay
// hints. Pure (no vscode, no engine): the build model says what each expanded word resolved to,
// dockerfile-ast says where the names are written.
//
// A variable is not just a name. Each stage has its own: the same NAME in two unrelated stages is
// two variables, and renaming one leaves the other alone. They are one variable where a value
// flows between them:
// - a stage's `ARG NAME` without a default takes the global `ARG NAME`'s value (before FROM);
// - a stage built `FROM` an earlier stage inherits its ENV, and with BuildKit its ARGs too (its
//   whole environment);
// - within a stage, ARG NAME and ENV NAME (and every redefinition) are one NAME: ENV shadows the
//   ARG for everything after it, and the image's environment has one entry per name.
// FROM lines read the global ARGs. `$NAME` in RUN/CMD/ENTRYPOINT/HEALTHCHECK is expanded by the
// shell with the step's environment; it counts when the Dockerfile puts NAME in that environment
// (a shell's own loop variable is not this file's business).
import { Arg, Copy, DockerfileParser, Env, From, Heredoc, Instruction, Run } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import type { BuildModel, InstructionModel, Position, Range, VariableSource } from '..';
import { DocumentText } from '../documentText';
import { ShellRegion, shellReferences } from './shellReferences';

/** What a variable holds where it is written: where its value comes from. */
export type VariableKind =
  | 'env'            // ENV in this stage or a stage it is built from
  | 'base-env'       // the base image's environment, or the PATH the engine adds
  | 'arg'            // an ARG with its default (build time only)
  | 'global-arg'     // a global ARG (before the first FROM)
  | 'build-arg'      // an ARG whose value is a build arg (settings / --build-arg)
  | 'predefined-arg' // a proxy build arg that needs no ARG
  | 'undefined';     // not defined where the builder expands it: empty

export interface SymbolOccurrence {
  /** Index into `SymbolIndex.symbols`. */
  symbol: number;
  /** The name as written (for a variable: without `$` or braces). */
  range: Range;
  /** For a variable reference: the whole `$NAME` / `${NAME:-default}` expression. */
  expression?: Range;
  role: 'definition' | 'reference';
  /** For variables: where the value comes from at this point. */
  kind?: VariableKind;
  /** A stage named by its index (`--from=0`): it refers to the stage but is not its name. */
  byIndex?: boolean;
  /** The build-model instruction the occurrence is in. */
  instruction?: InstructionModel;
  /** Where the shell, not the builder, expands it (RUN, CMD, ...). */
  shell?: boolean;
}

export interface DockerfileSymbol {
  kind: 'variable' | 'stage';
  name: string;
  /** Only what this Dockerfile defines can be renamed (not a base image's PATH). */
  definedHere: boolean;
}

export interface SymbolIndex {
  symbols: DockerfileSymbol[];
  /** In document order. */
  occurrences: SymbolOccurrence[];
}

const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const GLOBAL = 'g';

function kindOf(source: VariableSource | undefined): VariableKind {
  switch (source) {
    case 'env': case 'inherited-env': return 'env';
    case 'base-image': case 'default-path': return 'base-env';
    case 'arg': return 'arg';
    case 'global-arg': return 'global-arg';
    case 'build-arg': return 'build-arg';
    case 'predefined-arg': return 'predefined-arg';
    default: return 'undefined';
  }
}

/** Union-find over group keys (`<stage or g>\0<name>`). */
class Groups {
  private readonly parent = new Map<string, string>();
  find(key: string): string {
    let root = key;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(key, root);
    return root;
  }
  add(key: string): void { if (!this.parent.has(key)) this.parent.set(key, key); }
  union(a: string, b: string): void { this.add(a); this.add(b); const ra = this.find(a); const rb = this.find(b); if (ra !== rb) this.parent.set(ra, rb); }
}

interface Pending { key: string; occurrence: Omit<SymbolOccurrence, 'symbol'> }

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Builds the index. Pass `parsed` when the caller has dockerfile-ast's parse of the same text. */
export function buildSymbolIndex(text: string, model: BuildModel, parsed: Dockerfile = DockerfileParser.parse(text)): SymbolIndex {
  const doc = new DocumentText(text);
  const groups = new Groups();
  const pending: Pending[] = [];
  const add = (scopeKey: number | string, name: string, occurrence: Omit<SymbolOccurrence, 'symbol'>): void => {
    const key = `${scopeKey}\0${name}`;
    groups.add(key);
    pending.push({ key, occurrence });
  };

  // The model's instructions by first line (ONBUILD triggers run elsewhere: not written here).
  const byLine = new Map<number, InstructionModel>();
  for (const i of model.globalArgs) byLine.set(i.range.start.line, i);
  for (const stage of model.stages) for (const i of stage.instructions) if (!i.onbuildTrigger) byLine.set(i.range.start.line, i);
  const globalArgNames = new Set<string>();
  const envNames = new Map<number, Set<string>>();
  const givenBuildArgs = new Set(model.givenBuildArgs);
  // BuildKit starts a stage built FROM another with all of its environment, ARGs included.
  const inheritsArgs = model.builder === 'buildkit';

  for (const instruction of parsed.getInstructions()) {
    const modelled = byLine.get(instruction.getRange().start.line);
    if (!modelled) continue;
    const keyword = modelled.keyword;
    const stage = modelled.stage;
    // FROM lines are expanded with the global ARGs.
    const scopeKey = keyword === 'FROM' || stage < 0 ? GLOBAL : stage;

    // Definitions: the names ARG and ENV declare.
    if (instruction instanceof Arg || instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        const name = property.getName();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        const isArg = instruction instanceof Arg;
        const kind: VariableKind = !isArg ? 'env' : givenBuildArgs.has(name) ? 'build-arg' : stage < 0 ? 'global-arg' : 'arg';
        add(scopeKey, name, { range: property.getNameRange(), role: 'definition', kind, instruction: modelled });
        if (isArg && stage < 0) globalArgNames.add(name);
        // A stage ARG without a default takes the global ARG's value: one variable.
        if (isArg && stage >= 0 && property.getValue() === null && globalArgNames.has(name)) groups.union(`${stage}\0${name}`, `${GLOBAL}\0${name}`);
        if ((!isArg || inheritsArgs) && stage >= 0) {
          if (!envNames.has(stage)) envNames.set(stage, new Set());
          envNames.get(stage)!.add(name);
        }
      }
    }

    // References the builder expands.
    for (const ref of modelled.references) {
      if (ref.special) continue;
      add(scopeKey, ref.name, {
        range: ref.nameRange, expression: ref.range, role: 'reference', instruction: modelled,
        kind: ref.defined && ref.resolvedTo ? kindOf(ref.resolvedTo.source) : 'undefined',
      });
    }

    // References the shell expands, resolved with the step's environment.
    if (SHELL_FORM.has(keyword) && !modelled.expands) {
      for (const region of shellRegionsOf(instruction, doc)) {
        for (const ref of shellReferences(doc, region, model.escapeChar)) {
          const variable = modelled.scope.get(ref.name);
          if (!variable) continue;
          add(scopeKey, ref.name, {
            range: doc.rangeAt(ref.nameStart, ref.nameEnd), expression: doc.rangeAt(ref.start, ref.end), role: 'reference',
            kind: kindOf(variable.source), instruction: modelled, shell: true,
          });
        }
      }
    }
  }

  // A stage built FROM an earlier stage inherits its ENV (and, with BuildKit, its ARGs), and so on up the chain.
  const inheritedEnv = new Map<number, Set<string>>();
  for (const stage of model.stages) {
    const own = new Set(envNames.get(stage.index) ?? []);
    if (stage.baseStage !== undefined) {
      for (const name of inheritedEnv.get(stage.baseStage) ?? []) {
        own.add(name);
        groups.union(`${stage.index}\0${name}`, `${stage.baseStage}\0${name}`);
      }
    }
    inheritedEnv.set(stage.index, own);
  }

  // Variables: one symbol per group.
  const symbols: DockerfileSymbol[] = [];
  const symbolOfRoot = new Map<string, number>();
  const occurrences: SymbolOccurrence[] = [];
  for (const { key, occurrence } of pending) {
    const root = groups.find(key);
    let symbol = symbolOfRoot.get(root);
    if (symbol === undefined) {
      symbol = symbols.length;
      symbols.push({ kind: 'variable', name: key.slice(key.indexOf('\0') + 1), definedHere: false });
      symbolOfRoot.set(root, symbol);
    }
    if (occurrence.role === 'definition') symbols[symbol].definedHere = true;
    occurrences.push({ symbol, ...occurrence });
  }

  addStageOccurrences(parsed, doc, model, byLine, symbols, occurrences);
  occurrences.sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
  return { symbols, occurrences };
}

/** Stage names: `FROM ... AS name`, and where a later stage names it (FROM, COPY --from, RUN --mount=from=). */
function addStageOccurrences(parsed: Dockerfile, doc: DocumentText, model: BuildModel, byLine: Map<number, InstructionModel>, symbols: DockerfileSymbol[], occurrences: SymbolOccurrence[]): void {
  const symbolOfStage = new Map<number, number>();
  for (const stage of model.stages) {
    if (stage.name === undefined || !stage.nameRange) continue;
    symbolOfStage.set(stage.index, symbols.length);
    symbols.push({ kind: 'stage', name: stage.name, definedHere: true });
    occurrences.push({ symbol: symbols.length - 1, range: stage.nameRange, role: 'definition', instruction: stage.instructions[0] });
  }
  const named = (value: string, current: number): { stage: number; byIndex: boolean } | undefined => {
    const lower = value.toLowerCase();
    const byName = model.stages.find((s) => s.name === lower && s.index !== current);
    if (byName) return { stage: byName.index, byIndex: false };
    if (/^\d+$/.test(value) && Number(value) < current) return { stage: Number(value), byIndex: true };
    return undefined;
  };
  const reference = (stageIndex: number, range: Range, byIndex: boolean, instruction: InstructionModel): void => {
    const symbol = symbolOfStage.get(stageIndex);
    if (symbol !== undefined) occurrences.push({ symbol, range, role: 'reference', instruction, ...(byIndex ? { byIndex: true } : {}) });
  };
  for (const instruction of parsed.getInstructions()) {
    const modelled = byLine.get(instruction.getRange().start.line);
    if (!modelled || modelled.stage < 0) continue;
    const current = modelled.stage;
    if (instruction instanceof From) {
      const stage = model.stages[current];
      const range = instruction.getImageRange();
      const written = range ? doc.text.slice(offsetOf(doc, range.start), offsetOf(doc, range.end)) : '';
      if (stage?.baseStage !== undefined && range && !written.includes('$')) reference(stage.baseStage, range, false, modelled);
    } else if (instruction instanceof Copy) {
      const flag = instruction.getFromFlag();
      const value = flag?.getValue();
      const range = flag?.getValueRange();
      const target = value ? named(value, current) : undefined;
      if (target && range) reference(target.stage, range, target.byIndex, modelled);
    } else if (instruction instanceof Run) {
      for (const flag of instruction.getFlags()) {
        if (flag.getName() !== 'mount') continue;
        const option = flag.getOption('from');
        const value = option?.getValue();
        const range = option?.getValueRange();
        const target = value ? named(value, current) : undefined;
        if (target && range) reference(target.stage, range, target.byIndex, modelled);
      }
    }
  }
}

function offsetOf(doc: DocumentText, p: Position): number {
  return doc.lineStarts[p.line] + p.character;
}

/**
 * The parts of a shell-form instruction the shell reads: its command line (after the keyword;
 * after `CMD` for HEALTHCHECK), and heredoc bodies it expands. Exec form (a JSON array) runs no
 * shell: nothing.
 */
export function shellRegionsOf(instruction: Instruction, doc: DocumentText): ShellRegion[] {
  const offset = (p: Position): number => offsetOf(doc, p);
  const keywordEnd = offset(instruction.getInstructionRange().end);
  const heredocs: Heredoc[] = instruction instanceof Run ? instruction.getHeredocs() : [];
  const firstBodyLine = heredocs.length ? (heredocs[0].getContentRange() ?? heredocs[0].getDelimiterRange())?.start.line : undefined;
  const range = instruction.getRange();
  const commandEnd = firstBodyLine !== undefined ? doc.lineStarts[firstBodyLine] : offset(range.end);
  let start = keywordEnd;
  if (instruction.getKeyword() === 'HEALTHCHECK') {
    const match = /\bCMD\b/i.exec(doc.text.slice(start, commandEnd));
    if (!match) return [];
    start += match.index + match[0].length;
  }
  const command = doc.text.slice(start, commandEnd);
  if (/^\s*\[/.test(command)) return [];
  const regions: ShellRegion[] = [{ start, end: commandEnd, dockerfileLine: true }];
  // `RUN <<EOF` alone: the body is the script. `RUN cmd <<'EOF'`: a quoted delimiter keeps the
  // body from the shell's expansion; unquoted, the shell expands it.
  const scriptOnly = heredocs.length > 0 && /^(?:\s+--\S+)*\s*<<-?\s*["']?[^\s"']+["']?\s*$/.test(command.replace(/\r?\n$/, ''));
  for (const heredoc of heredocs) {
    const content = heredoc.getContentRange();
    if (!content) continue;
    const quoted = /^<<-?\s*["']/.test(doc.text.slice(offset(heredoc.getStartRange().start)));
    if (scriptOnly || !quoted) regions.push({ start: offset(content.start), end: offset(content.end), dockerfileLine: false });
  }
  return regions;
}

/** The occurrence under a position (on the name or just after it). */
export function occurrenceAt(index: SymbolIndex, position: Position): SymbolOccurrence | undefined {
  return index.occurrences.find((o) => !before(position, o.range.start) && !before(o.range.end, position));
}

export function occurrencesOf(index: SymbolIndex, symbol: number): SymbolOccurrence[] {
  return index.occurrences.filter((o) => o.symbol === symbol);
}
