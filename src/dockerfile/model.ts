// The build model: walks a Dockerfile the way moby's classic builder dispatches it and records,
// per instruction, the variables in scope and what the builder expands, and per stage the
// resulting image config. Pure: no engine, no `vscode`; base images come from a resolver.
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { BuildArgs, PREDEFINED_ARGS } from './buildArgs';
import { DocumentText } from './documentText';
import { cloneConfig, configFromBase, DEFAULT_PATH, emptyConfig, envName, isValidSignal, normalizeWorkdir, parsePortSpec } from './imageConfig';
import { parseJsonArray, parseNameValue, parseWords, Piece, splitInstruction, splitOnWhitespace } from './instructionSyntax';
import { joinLogicalLine, LogicalLine } from './logicalLine';
import { LexedReference, processWord, processWords } from './shellLexer';
import type {
  BuildModel, BuildModelOptions, ImageConfig, InstructionModel, ModelProblem, Range, ScopeVariable, StageModel, VariableReference,
} from './types';

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

interface EnvInfo { source: ScopeVariable['source']; definedAt?: Range }

class ModelBuilder {
  private readonly problems: ModelProblem[] = [];
  private readonly stages: StageModel[] = [];
  private readonly globalArgs: InstructionModel[] = [];
  private readonly baseImageReferences: string[] = [];
  private readonly global: BuildArgs;
  private readonly options: Map<string, string | undefined>;

  // Per-stage state while the stage is dispatched.
  private stage!: StageModel;
  private config!: ImageConfig;
  private args!: BuildArgs;
  private envInfo = new Map<string, EnvInfo>();
  private cmdSet = false;
  private scopeCache?: { env: object; args: object; scope: ReadonlyMap<string, ScopeVariable> };
  private envVersion: object = {};

  constructor(private readonly doc: DocumentText, private readonly escape: string, private readonly opts: BuildModelOptions) {
    this.options = new Map(Object.entries(opts.buildArgs ?? {}));
    this.global = new BuildArgs(this.options);
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
    // WarnOnUnusedBuildArgs: given, never declared by any ARG, and not predefined.
    const unusedBuildArgs = [...this.options.keys()].filter((name) => !this.referenced.has(name) && !PREDEFINED_ARGS.has(name));
    return { escapeChar: this.escape, globalArgs: this.globalArgs, stages: this.stages, problems: this.problems, unusedBuildArgs, givenBuildArgs: [...this.options.keys()], baseImageReferences: this.baseImageReferences };
  }

  /** Every name an ARG declared, global or in a stage. */
  private readonly referenced = new Set<string>();

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

  // ---- scope ----

  private scope(): ReadonlyMap<string, ScopeVariable> {
    const argsVersion = this.args.allowedVersion;
    if (this.scopeCache && this.scopeCache.env === this.envVersion && this.scopeCache.args === argsVersion) return this.scopeCache.scope;
    const scope = new Map<string, ScopeVariable>();
    for (const entry of this.config.Env) {
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      if (scope.has(name)) continue; // the first entry wins, as in the lexer's lookup
      const info = this.envInfo.get(name) ?? { source: 'base-image' as const };
      scope.set(name, { name, value: eq < 0 ? '' : entry.slice(eq + 1), source: info.source, definedAt: info.definedAt });
    }
    for (const v of this.args.allAllowed()) if (!scope.has(v.name)) scope.set(v.name, v);
    this.scopeCache = { env: this.envVersion, args: argsVersion, scope };
    return scope;
  }

  /** Expands one word with `scope`, recording references and problems. */
  private expand(source: Source, line: LogicalLine, piece: Piece, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): string {
    const lexed: LexedReference[] = [];
    const result = processWord(piece.text, this.escape, (name) => scope.get(name)?.value, lexed);
    this.recordReferences(source, line, piece, scope, lexed, refs);
    if (result.error) this.problem('error', result.error, this.rangeOf(source, line, piece.start, piece.start + piece.text.length));
    return result.value;
  }

  private expandWords(source: Source, line: LogicalLine, piece: Piece, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): string[] {
    const lexed: LexedReference[] = [];
    const result = processWords(piece.text, this.escape, (name) => scope.get(name)?.value, lexed);
    this.recordReferences(source, line, piece, scope, lexed, refs);
    if (result.error) this.problem('error', result.error, this.rangeOf(source, line, piece.start, piece.start + piece.text.length));
    return result.value;
  }

  private recordReferences(source: Source, line: LogicalLine, piece: Piece, scope: ReadonlyMap<string, ScopeVariable>, lexed: LexedReference[], refs: VariableReference[]): void {
    for (const r of lexed) {
      const resolved = scope.get(r.name);
      refs.push({
        name: r.name,
        range: this.rangeOf(source, line, piece.start + r.start, piece.start + r.end),
        nameRange: this.rangeOf(source, line, piece.start + r.nameStart, piece.start + r.nameEnd),
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
      ...extra,
    };
  }

  // ---- global ARGs (before the first FROM) ----

  private globalArg(source: Source, line: LogicalLine): void {
    const split = splitInstruction(line.text);
    // processMetaArg: the defaults are expanded with the global ARGs declared so far.
    const scope = new Map<string, ScopeVariable>();
    for (const v of this.global.allAllowed(true)) scope.set(v.name, v);
    const refs: VariableReference[] = [];
    const declared = this.argPairs(source, line, split.rest, scope, refs);
    const instruction = { ...this.record(source, line, 'ARG', scope, refs), stage: -1, declares: declared.map((d) => d.name) };
    const range = this.lineRange(source, line);
    for (const { name, value } of declared) {
      this.global.addArg(name, { value, definedAt: range });
      this.global.addMetaArg(name, { value, definedAt: range });
    }
    for (const d of declared) this.referenced.add(d.name);
    this.globalArgs.push(instruction);
  }

  /** ARG name[=default] ...: all keys and defaults are expanded before any is declared. */
  private argPairs(source: Source, line: LogicalLine, rest: Piece, scope: ReadonlyMap<string, ScopeVariable>, refs: VariableReference[]): Array<{ name: string; value: string | null }> {
    const words = parseWords(rest, this.escape);
    if (words.length === 0) { this.problem('error', 'ARG requires at least one argument', this.lineRange(source, line)); return []; }
    const result: Array<{ name: string; value: string | null }> = [];
    for (const word of words) {
      const eq = word.text.indexOf('=');
      if (eq === 0) { this.problem('error', 'ARG names can not be blank', this.rangeOf(source, line, word.start, word.start + word.text.length)); continue; }
      const keyPiece = eq < 0 ? word : { text: word.text.slice(0, eq), start: word.start };
      const name = this.expand(source, line, keyPiece, scope, refs);
      const value = eq < 0 ? null : this.expand(source, line, { text: word.text.slice(eq + 1), start: word.start + eq + 1 }, scope, refs);
      result.push({ name, value });
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
    // FROM is expanded with the global ARGs only (GetAllMeta).
    const scope = new Map<string, ScopeVariable>();
    for (const v of this.global.allMeta()) scope.set(v.name, v);
    const refs: VariableReference[] = [];
    for (const flag of split.flags) {
      const eq = flag.text.indexOf('=');
      if (eq > 0 && flag.text.slice(2, eq) === 'platform') {
        const platform = this.expand(source, line, { text: flag.text.slice(eq + 1), start: flag.start + eq + 1 }, scope, refs);
        // The classic builder defines no BUILDPLATFORM/TARGETPLATFORM: `--platform=$BUILDPLATFORM` is empty.
        if (platform === '') this.problem('error', 'failed to parse platform : "" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument', this.rangeOf(source, line, flag.start, flag.start + flag.text.length));
      }
    }
    const baseName = words.length > 0 ? this.expand(source, line, words[0], scope, refs) : '';
    if (words.length > 0 && baseName === '') this.problem('error', 'base name should not be blank', fromRange);
    const fromInstruction = { ...this.record(source, line, 'FROM', scope, refs), stage: index };

    let config: ImageConfig;
    const stage: StageModel = { index, fromRange, baseName, instructions: [fromInstruction], config: emptyConfig(), dependsOn: [] };
    if (name !== undefined) { stage.name = name; stage.nameRange = nameRange; }
    const baseStage = this.stages.find((s) => s.name !== undefined && s.name === baseName.toLowerCase());
    if (baseStage) {
      stage.baseStage = baseStage.index;
      stage.dependsOn.push(baseStage.index);
      config = cloneConfig(baseStage.config);
    } else if (baseName.toLowerCase() === 'scratch') {
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
    this.args = this.global.forStage();
    this.cmdSet = false;
    this.scopeCache = undefined;
    this.envVersion = {};
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

  private readonly stageEnvInfo = new Map<number, Map<string, EnvInfo>>();

  // ---- instructions inside a stage ----

  private dispatch(source: Source, line: LogicalLine, trigger: boolean): void {
    const split = splitInstruction(line.text);
    const keyword = split.keyword.text.toUpperCase();
    const scope = this.scope();
    const refs: VariableReference[] = [];
    const extra: Partial<InstructionModel> = trigger ? { onbuildTrigger: true } : {};
    const rest = split.rest;
    const range = this.lineRange(source, line);
    const config = this.config;

    switch (keyword) {
      case 'ENV': case 'LABEL': {
        const parsed = parseNameValue(rest, this.escape, keyword);
        if (parsed.error) this.problem('error', parsed.error, range);
        // Every key and value is expanded with the scope from BEFORE the instruction.
        const pairs = parsed.pairs.map((p) => ({
          key: this.expand(source, line, p.key, scope, refs),
          value: this.expand(source, line, p.value, scope, refs),
        }));
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
          }
          this.envVersion = {};
        }
        break;
      }
      case 'ARG': {
        const pairs = this.argPairs(source, line, rest, scope, refs);
        for (const p of pairs) this.args.addArg(p.name, { value: p.value, definedAt: range });
        for (const p of pairs) this.referenced.add(p.name);
        extra.declares = pairs.map((p) => p.name);
        break;
      }
      case 'WORKDIR': {
        const dir = this.expand(source, line, rest, scope, refs);
        if (dir === '') this.problem('error', 'cannot normalize nothing', range);
        else config.WorkingDir = normalizeWorkdir(config.WorkingDir, dir);
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
        for (const word of this.listArguments(source, line, rest, range)) {
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
          if (flagName === 'from' && keyword === 'COPY') this.copyFrom(value.text);
        }
        const words = this.listArguments(source, line, rest, range);
        if (words.length < 2) this.problem('error', `${keyword} requires at least two arguments`, range);
        for (const word of words) this.expand(source, line, word, scope, refs);
        break;
      }
      case 'CMD': case 'ENTRYPOINT': {
        const command = this.commandLine(source, line, rest, range);
        if (keyword === 'CMD') {
          config.Cmd = command;
          if (command.length !== 0 && rest.text !== '') this.cmdSet = true;
        } else {
          config.Entrypoint = command;
          if (!this.cmdSet) config.Cmd = null;
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
        else if (!rest.text.startsWith('[')) { /* shell form */ } else {
          const parsed = parseJsonArray(rest);
          if (parsed.kind === 'error') this.problem('error', parsed.error, range);
        }
        const runEnv: Record<string, string> = {};
        for (const v of scope.values()) runEnv[v.name] = v.value;
        extra.runEnv = runEnv;
        break;
      }
      case 'ONBUILD': {
        const triggerKeyword = splitInstruction(rest.text).keyword.text.toUpperCase();
        if (rest.text === '') this.problem('error', 'ONBUILD requires at least one argument', range);
        else if (triggerKeyword === 'ONBUILD') this.problem('error', "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", range);
        else if (triggerKeyword === 'FROM' || triggerKeyword === 'MAINTAINER') this.problem('error', `${triggerKeyword} isn't allowed as an ONBUILD trigger`, range);
        else config.OnBuild.push(line.text.trim().replace(/^\s*ONBUILD\s*/i, ''));
        break;
      }
      case 'HEALTHCHECK': case 'MAINTAINER':
        break;
      default:
        this.problem('error', `unknown instruction: ${split.keyword.text.toUpperCase()}`, range);
    }
    const instruction = this.record(source, line, keyword, scope, refs, extra);
    this.stage.instructions.push(instruction);
    this.stageEnvInfo.set(this.stage.index, this.envInfo);
  }

  /** VOLUME/COPY/ADD arguments: a JSON array, or whitespace-separated words. */
  private listArguments(source: Source, line: LogicalLine, rest: Piece, range: Range): Piece[] {
    const parsed = parseJsonArray(rest);
    if (parsed.kind === 'json') return parsed.items;
    if (parsed.kind === 'error') { this.problem('error', parsed.error, range); return []; }
    void source; void line;
    return splitOnWhitespace(rest);
  }

  /** CMD/ENTRYPOINT: exec form as written; shell form prefixed by the SHELL (or /bin/sh -c). */
  private commandLine(_source: Source, _line: LogicalLine, rest: Piece, range: Range): string[] {
    const parsed = parseJsonArray(rest);
    if (parsed.kind === 'json') return parsed.items.map((p) => p.text);
    if (parsed.kind === 'error') { this.problem('error', parsed.error, range); return []; }
    if (rest.text === '') return [];
    return [...(this.config.Shell ?? DEFAULT_SHELL), rest.text];
  }

  private copyFrom(reference: string): void {
    const lower = reference.toLowerCase();
    let target = this.stages.find((s) => s.index < this.stage.index && s.name === lower);
    if (!target && /^\d+$/.test(reference)) target = this.stages[Number(reference)];
    if (target && target.index < this.stage.index && !this.stage.dependsOn.includes(target.index)) this.stage.dependsOn.push(target.index);
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
  const startLines = parsed.getInstructions().map((i) => i.getRange().start.line);
  const builder = new ModelBuilder(doc, parsed.getEscapeCharacter(), options);
  return builder.build(startLines);
}

