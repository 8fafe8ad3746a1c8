// The build model: walks a Dockerfile the way the builder dispatches it (BuildKit's dockerfile2llb
// by default, or moby's classic builder) and records, per instruction, the variables in scope and
// what the builder expands, and per stage the resulting image config. Pure: no engine, no `vscode`;
// base images come from a resolver. Where the builders differ, see variables.ts and docs/cli.md.
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { Builder, DEFAULT_BUILDER, DEFAULT_PLATFORM } from './builder';
import { syntaxDirective } from './directives';
import { DocumentText } from './documentText';
import { parseHealthcheck } from './healthcheck';
import { Heredoc, heredocMarkers, inlineFileContent, mayHaveHeredocs, parseHeredocWord, readHeredocBodies } from './heredoc';
import { cloneConfig, configFromBase, DEFAULT_PATH, emptyConfig, envName, isValidSignal, normalizeWorkdir, parsePortSpec } from './imageConfig';
import { checkFlags, newerFlagNote } from './instructionFlags';
import { instructionStartLines } from './instructionStarts';
import { parseJsonArray, parseNameValue, parseWords, Piece, splitInstruction, splitOnWhitespace } from './instructionSyntax';
import { joinLogicalLine, LogicalLine } from './logicalLine';
import { mountSourceStage, parseRunMount, RunMount } from './runMounts';
import { LexedReference, processWord, processWords } from './shellLexer';
import type {
  BuildModel, BuildModelOptions, ImageConfig, InstructionModel, ModelProblem, Range, ScopeVariable, StageModel, VariableReference,
} from './types';
import { EnvInfo, globalVariables, GlobalVariables, StageVariables } from './variables';

/** Instructions whose words the builder expands before dispatching them. */
export const EXPANDING_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'FROM', 'ENV', 'ARG', 'LABEL', 'WORKDIR', 'USER', 'EXPOSE', 'COPY', 'ADD', 'VOLUME', 'STOPSIGNAL',
]);

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** Where an instruction's text lives: the Dockerfile, or an ONBUILD trigger run at a FROM. */
interface Source {
  doc: DocumentText;
  /** For triggers: every range maps to the FROM instruction that ran them. */
  fixedRange?: Range;
}

class ModelBuilder {
  private readonly problems: ModelProblem[] = [];
  private readonly notes: BuildModel['notes'] = [];
  private readonly stages: StageModel[] = [];
  private readonly globalArgs: InstructionModel[] = [];
  private readonly baseImageReferences: string[] = [];
  private readonly options: Map<string, string | undefined>;
  private readonly globals: GlobalVariables;
  private readonly buildkit: boolean;

  // Per-stage state while the stage is dispatched.
  private stage!: StageModel;
  private config!: ImageConfig;
  private vars!: StageVariables;
  private envInfo = new Map<string, EnvInfo>();
  private cmdSet = false;
  private readonly stageVars = new Map<number, StageVariables>();
  private readonly stageEnvInfo = new Map<number, Map<string, EnvInfo>>();
  /** `COPY --from` / `RUN --mount=from=` references, resolved once every stage is known. */
  private readonly pendingSources: Array<{ stage: StageModel; reference: string; byIndex: boolean }> = [];
  /** Every name an ARG declared, global or in a stage. */
  private readonly referenced = new Set<string>();

  constructor(private readonly doc: DocumentText, private readonly escape: string, private readonly builder: Builder, private readonly opts: BuildModelOptions) {
    this.options = new Map(Object.entries(opts.buildArgs ?? {}));
    this.buildkit = builder === 'buildkit';
    this.globals = globalVariables(builder, this.options, opts.platform ?? DEFAULT_PLATFORM);
  }

  build(startLines: number[]): BuildModel {
    const source: Source = { doc: this.doc };
    let inStage = false;
    for (const startLine of startLines) {
      const line = joinLogicalLine(this.doc, startLine, this.escape);
      if (line.hadEmptyContinuationLine) this.problem('warning', 'Empty continuation line (the builder will make this an error)', this.lineRange(source, line));
      const split = splitInstruction(line.text);
      const keyword = split.keyword.text.toUpperCase();
      if (keyword === 'FROM') { this.startStage(source, line); inStage = true; continue; }
      if (!inStage) {
        if (keyword === 'ARG') this.globalArg(source, line);
        else this.problem('error', `${keyword} before the first FROM: only ARG may come before FROM`, this.lineRange(source, line));
        continue;
      }
      this.dispatch(source, line, false);
    }
    this.resolveSources();
    // WarnOnUnusedBuildArgs: given, never declared by any ARG, and not consumed without one.
    const unusedBuildArgs = [...this.options.keys()].filter((name) => !this.referenced.has(name) && !this.globals.consumesUndeclared(name));
    const syntax = syntaxDirective(Array.from({ length: Math.min(this.doc.lineCount, 50) }, (_, i) => this.doc.line(i)));
    return {
      builder: this.builder, escapeChar: this.escape, globalArgs: this.globalArgs, stages: this.stages, problems: this.problems, unusedBuildArgs,
      givenBuildArgs: [...this.options.keys()], baseImageReferences: this.baseImageReferences, ...(syntax ? { syntax } : {}), notes: this.notes,
    };
  }

  // ---- ranges and problems ----

  private rangeOf(source: Source, line: LogicalLine, start: number, end: number): Range {
    if (source.fixedRange) return source.fixedRange;
    const max = line.offsets.length - 1;
    const a = line.offsets[Math.min(Math.max(start, 0), max)];
    const b = end <= start ? a : line.offsets[Math.min(end - 1, max)] + 1;
    return source.doc.rangeAt(a, b);
  }

  private lineRange(source: Source, line: LogicalLine): Range {
    if (source.fixedRange) return source.fixedRange;
    const text = line.text;
    let s = 0;
    while (s < text.length && /\s/.test(text[s])) s++;
    let e = text.length;
    while (e > s && /\s/.test(text[e - 1])) e--;
    return this.rangeOf(source, line, s, e);
  }

  private problem(severity: ModelProblem['severity'], message: string, range: Range): void {
    this.problems.push({ severity, message, range });
  }

  // ---- expansion ----

  /** Expands one word with `scope`, recording references and problems. */
  private expand(source: Source, line: LogicalLine, piece: Piece, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): string {
    const lexed: LexedReference[] = [];
    const lookup = (name: string) => scope.get(name)?.value;
    const result = processWord(piece.text, this.escape, lookup, lexed);
    this.recordReferences(lexed, scope, refs, (s, e) => this.rangeOf(source, line, piece.start + s, piece.start + e));
    const range = this.rangeOf(source, line, piece.start, piece.start + piece.text.length);
    if (result.error) this.problem('error', result.error, range);
    this.noteOlderLexer(piece.text, result.error, range, () => processWord(piece.text, this.escape, lookup, undefined, { forms: 'moby-20.10' }).error);
    return result.value;
  }

  /**
   * The model reads `${...}` as current Docker (23+) does; Docker 20.10's builders, the engine
   * here, know fewer forms. Where 20.10 would fail differently (or fail where current Docker
   * does not), a note says what 20.10 prints, so a user on an older engine is not surprised.
   */
  private noteOlderLexer(text: string, currentError: string | undefined, range: Range, lexOld: () => string | undefined): void {
    if (text.indexOf('${') < 0) return;
    const oldError = lexOld();
    if (oldError === undefined || oldError === currentError) return;
    this.notes.push({ message: `line ${range.start.line + 1}: Docker 20.10's builders fail here with: ${oldError}; answered as current Docker (23+) reads it`, range });
  }

  private expandWords(source: Source, line: LogicalLine, piece: Piece, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): string[] {
    const lexed: LexedReference[] = [];
    const lookup = (name: string) => scope.get(name)?.value;
    const result = processWords(piece.text, this.escape, lookup, lexed);
    this.recordReferences(lexed, scope, refs, (s, e) => this.rangeOf(source, line, piece.start + s, piece.start + e));
    const range = this.rangeOf(source, line, piece.start, piece.start + piece.text.length);
    if (result.error) this.problem('error', result.error, range);
    this.noteOlderLexer(piece.text, result.error, range, () => processWords(piece.text, this.escape, lookup, undefined, { forms: 'moby-20.10' }).error);
    return result.value;
  }

  /** `rangeFor` maps offsets of the expanded text to a document range. */
  private recordReferences(lexed: LexedReference[], scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[], rangeFor: (start: number, end: number) => Range): void {
    for (const r of lexed) {
      const resolved = scope.get(r.name);
      refs.push({
        name: r.name,
        range: rangeFor(r.start, r.end),
        nameRange: rangeFor(r.nameStart, r.nameEnd),
        defined: r.defined,
        ...(r.modifier ? { modifier: r.modifier } : {}),
        ...(r.special ? { special: true } : {}),
        ...(resolved ? { resolvedTo: resolved } : {}),
      });
    }
  }

  private record(source: Source, line: LogicalLine, keyword: string, scope: ReadonlyMap<string, ScopeVariable>, references: VariableReference[], extra: Partial<InstructionModel> = {}): InstructionModel {
    return {
      keyword,
      text: line.text.trim(),
      range: this.lineRange(source, line),
      stage: this.stage ? this.stage.index : -1,
      scope,
      references,
      expands: EXPANDING_INSTRUCTIONS.has(keyword),
      makesStep: false,
      ...extra,
    };
  }

  // ---- global ARGs (before the first FROM) ----

  private globalArg(source: Source, line: LogicalLine): void {
    const split = splitInstruction(line.text);
    // The defaults are expanded with the global ARGs declared so far (and BuildKit's automatic ones).
    const scope = this.globals.argScope();
    const refs: VariableReference[] = [];
    const declared = this.argPairs(source, line, split.rest, scope, refs);
    const range = this.lineRange(source, line);
    for (const { name, value } of declared) this.globals.declareArg(name, value, range);
    for (const d of declared) this.referenced.add(d.name);
    const instruction = {
      ...this.record(source, line, 'ARG', scope, refs), stage: -1, declares: declared.map((d) => d.name),
      assignments: declared.map((d) => ({ name: d.name, references: d.references, hasDefault: d.value !== null })),
    };
    this.globalArgs.push(instruction);
  }

  /** ARG name[=default] ...: all keys and defaults are expanded before any is declared. */
  private argPairs(source: Source, line: LogicalLine, rest: Piece, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): Array<{ name: string; value: string | null; references: VariableReference[] }> {
    const words = parseWords(rest, this.escape);
    if (words.length === 0) { this.problem('error', 'ARG requires at least one argument', this.lineRange(source, line)); return []; }
    const result: Array<{ name: string; value: string | null; references: VariableReference[] }> = [];
    for (const word of words) {
      const eq = word.text.indexOf('=');
      if (eq === 0) { this.problem('error', 'ARG names can not be blank', this.rangeOf(source, line, word.start, word.start + word.text.length)); continue; }
      const keyPiece = eq < 0 ? word : { text: word.text.slice(0, eq), start: word.start };
      const own: VariableReference[] = [];
      const name = this.expand(source, line, keyPiece, scope, own);
      const value = eq < 0 ? null : this.expand(source, line, { text: word.text.slice(eq + 1), start: word.start + eq + 1 }, scope, own);
      refs.push(...own);
      result.push({ name, value, references: own });
    }
    return result;
  }

  // ---- FROM ----

  private startStage(source: Source, line: LogicalLine): void {
    const split = splitInstruction(line.text);
    const index = this.stages.length;
    const fromRange = this.lineRange(source, line);
    const words = splitOnWhitespace(split.rest);
    let name: string | undefined;
    let nameRange: Range | undefined;
    if (words.length === 3 && words[1].text.toLowerCase() === 'as') {
      name = words[2].text.toLowerCase();
      nameRange = this.rangeOf(source, line, words[2].start, words[2].start + words[2].text.length);
      if (!STAGE_NAME.test(name)) this.problem('error', `invalid name for build stage: "${words[2].text}", name can't start with a number or contain symbols`, nameRange);
      else if (this.stages.some((s) => s.name === name)) this.problem('error', `duplicate name ${name}`, nameRange);
    } else if (words.length !== 1) {
      this.problem('error', 'FROM requires either one or three arguments', fromRange);
    }
    const flags = checkFlags('FROM', split.flags, this.builder);
    if (flags.error) this.problem('error', flags.error, fromRange);
    // FROM is expanded with the global ARGs only (and BuildKit's automatic platform ARGs).
    const scope = this.globals.fromScope();
    const refs: VariableReference[] = [];
    for (const flag of split.flags) {
      const eq = flag.text.indexOf('=');
      if (eq > 0 && flag.text.slice(2, eq) === 'platform') {
        const platform = this.expand(source, line, { text: flag.text.slice(eq + 1), start: flag.start + eq + 1 }, scope, refs);
        // The classic builder defines no BUILDPLATFORM/TARGETPLATFORM: `--platform=$BUILDPLATFORM` is empty there.
        if (platform === '') this.problem('error', 'failed to parse platform : "" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument', this.rangeOf(source, line, flag.start, flag.start + flag.text.length));
      }
    }
    const baseName = words.length > 0 ? this.expand(source, line, words[0], scope, refs) : '';
    if (words.length > 0 && baseName === '') this.problem('error', 'base name should not be blank', fromRange);
    const baseStage = this.stages.find((s) => s.name !== undefined && s.name === baseName.toLowerCase());
    const scratch = !baseStage && baseName.toLowerCase() === 'scratch';
    // BuildKit makes a step of pulling an image; FROM scratch or an earlier stage makes none.
    const makesStep = this.buildkit ? !baseStage && !scratch : true;
    const fromInstruction = { ...this.record(source, line, 'FROM', scope, refs, { makesStep }), stage: index };

    let config: ImageConfig;
    const stage: StageModel = { index, fromRange, baseName, instructions: [fromInstruction], config: emptyConfig(), dependsOn: [] };
    if (name !== undefined) { stage.name = name; stage.nameRange = nameRange; }
    if (baseStage) {
      stage.baseStage = baseStage.index;
      stage.dependsOn.push(baseStage.index);
      config = cloneConfig(baseStage.config);
    } else if (scratch) {
      config = emptyConfig();
    } else {
      if (baseName !== '' && !this.baseImageReferences.includes(baseName)) this.baseImageReferences.push(baseName);
      const base = baseName === '' ? undefined : this.opts.baseImages?.(baseName);
      stage.baseImage = { reference: baseName, known: base !== undefined };
      config = base ? configFromBase(base) : emptyConfig();
    }
    this.stages.push(stage);
    this.stage = stage;
    this.config = config;
    this.cmdSet = false;
    // Env inherited from the base: from an earlier stage keep where it was defined there.
    const inherited = baseStage ? this.stageEnvInfo.get(baseStage.index) : undefined;
    this.envInfo = new Map();
    for (const entry of config.Env) {
      const n = envName(entry);
      const info = inherited?.get(n);
      this.envInfo.set(n, info ? { source: info.source === 'env' ? 'inherited-env' : info.source, definedAt: info.definedAt } : { source: 'base-image' });
    }
    if (!config.Env.some((e) => envName(e) === 'PATH')) {
      config.Env.push(`PATH=${DEFAULT_PATH}`);
      this.envInfo.set('PATH', { source: 'default-path' });
    }
    stage.config = config;
    fromInstruction.workdir = config.WorkingDir || '/';
    this.vars = this.globals.stage(config, this.envInfo, baseStage ? this.stageVars.get(baseStage.index) : undefined);
    this.stageVars.set(index, this.vars);
    this.stageEnvInfo.set(index, this.envInfo);
    // ONBUILD triggers of the base run now, expanded in this stage.
    if (config.OnBuild.length > 0) {
      const triggers = config.OnBuild;
      config.OnBuild = [];
      for (const trigger of triggers) {
        const triggerSource: Source = { doc: new DocumentText(trigger), fixedRange: fromRange };
        this.dispatch(triggerSource, joinLogicalLine(triggerSource.doc, 0, this.escape), true);
      }
    }
  }

  // ---- instructions inside a stage ----

  private dispatch(source: Source, line: LogicalLine, trigger: boolean): void {
    const split = splitInstruction(line.text);
    const keyword = split.keyword.text.toUpperCase();
    const scope = this.vars.scope();
    const refs: VariableReference[] = [];
    const extra: Partial<InstructionModel> = trigger ? { onbuildTrigger: true } : {};
    const rest = split.rest;
    const range = this.lineRange(source, line);
    const config = this.config;
    const heredocs = this.heredocsOf(source, line, keyword, range);
    if (heredocs.length > 0) extra.heredocs = heredocs;
    const flags = this.instructionFlags(keyword, split.flags, rest, range);
    if (flags.size > 0) extra.flags = flags;

    switch (keyword) {
      case 'ENV': case 'LABEL': {
        const parsed = parseNameValue(rest, this.escape, keyword);
        if (parsed.error) this.problem('error', parsed.error, range);
        // Every key and value is expanded with the scope from BEFORE the instruction.
        const pairs = parsed.pairs.map((p) => {
          const own: VariableReference[] = [];
          const pair = { key: this.expand(source, line, p.key, scope, own), value: this.expand(source, line, p.value, scope, own), references: own };
          refs.push(...own);
          return pair;
        });
        if (keyword === 'LABEL') {
          for (const p of pairs) {
            if (p.key === '') this.problem('error', 'LABEL names can not be blank', range);
            else config.Labels[p.key] = p.value;
          }
        } else {
          this.envInfo = new Map(this.envInfo);
          for (const p of pairs) {
            if (p.key === '') { this.problem('error', 'ENV names can not be blank', range); continue; }
            const entry = `${p.key}=${p.value}`;
            const at = config.Env.findIndex((e) => envName(e) === p.key);
            if (at >= 0) config.Env[at] = entry; else config.Env.push(entry);
            this.envInfo.set(p.key, { source: 'env', definedAt: range });
            this.vars.setEnv(p.key, p.value, range);
          }
          extra.assignments = pairs.filter((p) => p.key !== '').map((p) => ({ name: p.key, references: p.references }));
        }
        break;
      }
      case 'ARG': {
        const pairs = this.argPairs(source, line, rest, scope, refs);
        for (const p of pairs) this.vars.declareArg(p.name, p.value, range);
        for (const p of pairs) this.referenced.add(p.name);
        extra.declares = pairs.map((p) => p.name);
        extra.assignments = pairs.map((p) => ({ name: p.name, references: p.references, hasDefault: p.value !== null }));
        break;
      }
      case 'WORKDIR': {
        const dir = this.expand(source, line, rest, scope, refs);
        if (dir === '') this.problem('error', 'cannot normalize nothing', range);
        else config.WorkingDir = normalizeWorkdir(config.WorkingDir, dir);
        extra.workdir = config.WorkingDir || '/';
        // BuildKit creates the directory as a step, unless it is the root.
        if (this.buildkit) extra.makesStep = dir !== '' && config.WorkingDir !== '/';
        break;
      }
      case 'USER':
        if (rest.text === '') this.problem('error', 'USER requires exactly one argument', range);
        config.User = this.expand(source, line, rest, scope, refs);
        break;
      case 'STOPSIGNAL': {
        const signal = this.expand(source, line, rest, scope, refs);
        if (!isValidSignal(signal)) this.problem('error', `Invalid signal: ${signal}`, range);
        config.StopSignal = signal;
        break;
      }
      case 'EXPOSE': {
        if (rest.text === '') this.problem('error', 'EXPOSE requires at least one argument', range);
        for (const word of splitOnWhitespace(rest)) {
          for (const spec of this.expandWords(source, line, word, scope, refs)) {
            const parsed = parsePortSpec(spec);
            if (parsed.error) this.problem('error', parsed.error, this.rangeOf(source, line, word.start, word.start + word.text.length));
            for (const port of parsed.ports) if (!config.ExposedPorts.includes(port)) config.ExposedPorts.push(port);
          }
        }
        break;
      }
      case 'VOLUME': {
        for (const word of this.listArguments(rest, range)) {
          const volume = this.expand(source, line, word, scope, refs);
          if (volume.trim() === '') this.problem('error', 'VOLUME specified can not be an empty string', range);
          else if (!config.Volumes.includes(volume)) config.Volumes.push(volume);
        }
        break;
      }
      case 'COPY': case 'ADD': {
        for (const flag of split.flags) {
          const eq = flag.text.indexOf('=');
          const flagName = eq < 0 ? flag.text.slice(2) : flag.text.slice(2, eq);
          const value: Piece = { text: eq < 0 ? '' : flag.text.slice(eq + 1), start: flag.start + eq + 1 };
          if (flagName === 'chown') this.expand(source, line, value, scope, refs);
          if (flagName === 'from' && keyword === 'COPY') this.pendingSources.push({ stage: this.stage, reference: value.text, byIndex: true });
        }
        const words = this.listArguments(rest, range);
        if (words.length < 2) this.problem('error', `${keyword} requires at least two arguments`, range);
        for (const word of words) {
          // A heredoc source is an inline file: its content is expanded below, not its name.
          if (heredocs.length > 0 && word !== words[words.length - 1] && parseHeredocWord(word.text)) continue;
          this.expand(source, line, word, scope, refs);
        }
        if (heredocs.length > 0 && parseHeredocWord(words[words.length - 1]?.text ?? '')) this.problem('error', `${keyword} cannot accept a heredoc as a destination`, range);
        for (const heredoc of heredocs) this.expandInlineFile(source, heredoc, scope, refs);
        extra.makesStep = true;
        break;
      }
      case 'CMD': case 'ENTRYPOINT': {
        const command = this.commandLine(rest, range);
        if (keyword === 'CMD') {
          config.Cmd = command;
          // BuildKit counts any CMD; the classic builder only one with a command.
          if (this.buildkit || (command.length !== 0 && rest.text !== '')) this.cmdSet = true;
          config.ArgsEscaped = this.buildkit;
        } else {
          config.Entrypoint = command;
          if (!this.cmdSet) config.Cmd = null;
          if (!this.buildkit) config.ArgsEscaped = false;
        }
        break;
      }
      case 'SHELL': {
        const parsed = parseJsonArray(rest);
        if (parsed.kind !== 'json') this.problem('error', parsed.kind === 'error' ? parsed.error : 'SHELL requires the arguments to be in JSON form', range);
        else if (parsed.items.length === 0) this.problem('error', 'SHELL requires at least one argument', range);
        else config.Shell = parsed.items.map((p) => p.text);
        break;
      }
      case 'RUN': {
        if (rest.text === '') this.problem('error', 'RUN requires at least one argument', range);
        else if (rest.text.startsWith('[')) {
          const parsed = parseJsonArray(rest);
          if (parsed.kind === 'error') this.problem('error', parsed.error, range);
        }
        if (this.buildkit) {
          const mounts = this.runMounts(flags.get('mount') ?? [], range);
          if (mounts.length > 0) extra.mounts = mounts;
        }
        extra.runEnv = this.vars.runEnv();
        extra.makesStep = true;
        break;
      }
      case 'ONBUILD': {
        const triggerKeyword = splitInstruction(rest.text).keyword.text.toUpperCase();
        if (rest.text === '') this.problem('error', 'ONBUILD requires at least one argument', range);
        else if (triggerKeyword === 'ONBUILD') this.problem('error', "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", range);
        else if (triggerKeyword === 'FROM' || triggerKeyword === 'MAINTAINER') this.problem('error', `${triggerKeyword} isn't allowed as an ONBUILD trigger`, range);
        else {
          // The trigger is kept as written; BuildKit appends its heredocs' bodies to it.
          let expression = line.text.trim().replace(/^\s*ONBUILD\s*/i, '');
          for (const h of heredocs) expression += `\n${h.content}${h.name}`;
          config.OnBuild.push(expression);
        }
        break;
      }
      case 'HEALTHCHECK': {
        const parsed = parseHealthcheck(rest, flags);
        if (parsed.error) this.problem('error', parsed.error, range);
        else if (parsed.health) {
          // The classic builder commits through the daemon's config merge, where a duration or
          // retry count left unset keeps the value of the healthcheck before (NONE included).
          const before = config.Healthcheck;
          const merged = { ...parsed.health };
          if (!this.buildkit && before) for (const key of ['Interval', 'Timeout', 'StartPeriod', 'Retries'] as const) if (!merged[key] && before[key]) merged[key] = before[key];
          config.Healthcheck = merged;
        }
        break;
      }
      case 'MAINTAINER':
        break;
      default:
        this.problem('error', `unknown instruction: ${split.keyword.text.toUpperCase()}`, range);
    }
    // The classic builder commits every instruction (ONBUILD triggers too, inside their FROM's step).
    if (!this.buildkit) extra.makesStep = true;
    const instruction = this.record(source, line, keyword, scope, refs, extra);
    this.stage.instructions.push(instruction);
    this.stageEnvInfo.set(this.stage.index, this.envInfo);
  }

  /** Checks the instruction's flags (both builders parse them alike; the classic builder refuses more). */
  private instructionFlags(keyword: string, flags: readonly Piece[], rest: Piece, range: Range): ReadonlyMap<string, string[]> {
    if (flags.length === 0) return new Map();
    const check = checkFlags(keyword, flags, this.builder, keyword === 'HEALTHCHECK' && /^none\b/i.test(rest.text));
    if (check.error) this.problem('error', check.error, range);
    if (this.buildkit) for (const n of check.newer) this.notes.push({ message: newerFlagNote(keyword, n.name, n.engineError), range });
    return check.values;
  }

  /** BuildKit's `--mount`s of a RUN; their `from=` stages are needed by this one. */
  private runMounts(values: readonly string[], range: Range): RunMount[] {
    const mounts: RunMount[] = [];
    for (const value of values) {
      const parsed = parseRunMount(value);
      if (parsed.error || !parsed.mount) { this.problem('error', parsed.error ?? 'invalid mount', range); continue; }
      const mount = parsed.mount;
      for (const key of mount.newerKeys) this.notes.push({ message: newerFlagNote('RUN', `mount ${key}=`, `unexpected key '${key}' in '${key}=...'`), range });
      const from = mountSourceStage(mount);
      if (from !== undefined) this.pendingSources.push({ stage: this.stage, reference: from, byIndex: false });
      mounts.push(mount);
    }
    return mounts;
  }

  /** The heredocs an instruction opens (BuildKit only: the classic builder reads their bodies as instructions). */
  private heredocsOf(source: Source, line: LogicalLine, keyword: string, range: Range): Heredoc[] {
    if (!mayHaveHeredocs(line.text)) return [];
    const markers = heredocMarkers(line.text);
    if (markers.length === 0) return [];
    if (!this.buildkit) {
      this.problem('error', `${keyword} <<${markers[0].name}: heredocs need BuildKit; the classic builder reads the lines after it as instructions`, range);
      return [];
    }
    const read = readHeredocBodies(source.doc, line.lastLine, markers);
    if (read.error) this.problem('error', read.error, range);
    this.notes.push({ message: `${keyword} <<${markers[0].name} (line ${range.start.line + 1}): heredocs need Dockerfile frontend 1.4+ (BuildKit 0.10, Docker 23+); this engine's BuildKit 0.8 reads the lines after it as instructions. Answered as current BuildKit reads it`, range });
    return read.heredocs;
  }

  /** A COPY/ADD inline file's content, expanded unless its name was quoted; its references recorded. */
  private expandInlineFile(source: Source, heredoc: Heredoc, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): void {
    inlineFileContent(heredoc, (text, offsets) => {
      const lexed: LexedReference[] = [];
      const result = processWord(text, '\\', (name) => scope.get(name)?.value, lexed);
      const at = (offset: number) => offsets[Math.min(offset, offsets.length - 1)];
      this.recordReferences(lexed, scope, refs, (s, e) => (source.fixedRange ?? source.doc.rangeAt(at(s), e <= s ? at(s) : at(e - 1) + 1)));
      if (result.error) this.problem('error', result.error, source.fixedRange ?? source.doc.rangeAt(heredoc.contentStart, heredoc.contentStart + heredoc.content.length));
      return result.value;
    });
  }

  /** VOLUME/COPY/ADD arguments: a JSON array, or whitespace-separated words. */
  private listArguments(rest: Piece, range: Range): Piece[] {
    const parsed = parseJsonArray(rest);
    if (parsed.kind === 'json') return parsed.items;
    if (parsed.kind === 'error') { this.problem('error', parsed.error, range); return []; }
    return splitOnWhitespace(rest);
  }

  /** CMD/ENTRYPOINT: exec form as written; shell form prefixed by the SHELL (or /bin/sh -c). */
  private commandLine(rest: Piece, range: Range): string[] {
    const parsed = parseJsonArray(rest);
    if (parsed.kind === 'json') return parsed.items.map((p) => p.text);
    if (parsed.kind === 'error') { this.problem('error', parsed.error, range); return []; }
    if (rest.text === '') return [];
    return [...(this.config.Shell ?? DEFAULT_SHELL), rest.text];
  }

  /**
   * `COPY --from` (a stage name, or an index: BuildKit any stage, the classic builder an earlier
   * one) and BuildKit's `RUN --mount=from=` (a stage name only); anything else is an image.
   */
  private resolveSources(): void {
    for (const { stage, reference, byIndex } of this.pendingSources) {
      const lower = reference.toLowerCase();
      let target = this.stages.find((s) => s.name === lower && (this.buildkit || s.index < stage.index));
      if (!target && byIndex && /^\d+$/.test(reference)) {
        const index = Number(reference);
        target = this.buildkit || index < stage.index ? this.stages[index] : undefined;
      }
      if (target && target.index !== stage.index && !stage.dependsOn.includes(target.index)) stage.dependsOn.push(target.index);
    }
  }
}

/**
 * Builds the model of a Dockerfile. Pass `parsed` when the caller already has the dockerfile-ast
 * parse of the same text (the language service does); it supplies the escape character and the
 * instructions' start lines.
 */
export function buildModel(text: string, options: BuildModelOptions & { parsed?: Dockerfile } = {}): BuildModel {
  const parsed = options.parsed ?? DockerfileParser.parse(text);
  const doc = new DocumentText(text);
  const builder = options.builder ?? DEFAULT_BUILDER;
  const escape = parsed.getEscapeCharacter();
  // dockerfile-ast skips heredoc bodies; where they may be, walk the file as the builder's parser does.
  const startLines = text.includes('<<')
    ? instructionStartLines(doc, escape, builder === 'buildkit')
    : parsed.getInstructions().map((i) => i.getRange().start.line);
  return new ModelBuilder(doc, escape, builder, options).build(startLines);
}
