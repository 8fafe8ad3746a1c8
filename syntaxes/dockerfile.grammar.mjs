// The Dockerfile TextMate grammar, as code: regular expressions read far better as String.raw
// literals than double-escaped in JSON. `node syntaxes/generate.mjs` writes
// dockerfile.tmLanguage.json from it (a unit test checks the JSON is current).
//
// How it follows the builder (moby/buildkit frontend/dockerfile/parser):
// - An instruction is one logical line: it goes on while a line ends with the escape character
//   (not itself escaped); comment lines and empty lines inside it are skipped, not ended on.
//   Every construct inside an instruction (strings, `${...}`, `$(...)`) also ends at a line end
//   without a continuation, so an unbalanced quote never colours the rest of the file.
// - Parser directives (`syntax`, `escape`, `check`) are only read at the very top, before any
//   other comment, blank line or instruction.
// - `# escape=\`` switches the continuation and escape character to the backtick for the whole
//   file: the instruction rules exist twice, once per escape character.
// - Heredocs (`<<EOF` ... `EOF`) on RUN, COPY and ADD: the body of `RUN <<EOF` is the script and
//   is scoped as shell (VS Code's own shell grammar colours it); other bodies are file content.
//   The body is a begin/while region that gives up at any line holding a single word, so the
//   terminator is always seen, whatever the shell grammar was in the middle of.
const R = String.raw;

/**
 * The end of a line, but not the end of the text after a consumed newline: vscode-textmate hands each
 * line over with its `\n`, and a continuation consumes it, after which a bare `$` would still match.
 */
const EOL = R`(?<!\n)$`;

const SCOPE = 'dockerfile';
const scope = (name) => `${name}.${SCOPE}`;

const KEYWORDS = 'ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR';
const DIRECTIVE_NAMES = 'syntax|escape|check';
/** A line that is a parser directive this builder knows. */
const DIRECTIVE_LINE = R`[ \t]*#[ \t]*(?i:${DIRECTIVE_NAMES})[ \t]*=`;
/** A heredoc delimiter word (`<<EOF`, `<<-"EOT"`, `<<'x.txt'`). */
const HEREDOC_START = R`(\d*<<)(-?)[ \t]*(["']?)([A-Za-z0-9_./-]+)(\3)`;
/** A line holding a single word: where a heredoc body may end. */
const SINGLE_WORD_LINE = R`^\t*[A-Za-z0-9_./-]+\r?$`;
const BUILDKIT_RUN_FLAGS = 'mount|network|security|device';
const MOUNT_TYPES = 'bind|cache|tmpfs|secret|ssh';

/** Everything that depends on the escape character, for `\` (suffix '') and `` ` `` (suffix '-bt'). */
function modeRepository(esc, suffix) {
  const E = esc === '\\' ? R`\\` : '`';
  const ref = (name) => ({ include: `#${name}${suffix}` });
  const shared = (name) => ({ include: `#${name}` });
  const repo = {};
  const def = (name, rule) => { repo[name + suffix] = rule; };

  // ---- line structure ----
  def('continuation', {
    // The builder's lineContinuationRegex: the escape character at the end of the line, unless the
    // character before it is the escape character too.
    match: R`(?<!${E})(${E})[ \t]*(?:\r?\n|$)`,
    captures: { 1: { name: scope('constant.character.escape.line-continuation') } },
  });
  def('in-instruction', {
    patterns: [
      ref('continuation'),
      // Comment lines inside a continued instruction are removed by the builder.
      { match: R`^[ \t]*(#).*(?:\n|$)`, name: scope('comment.line.number-sign'), captures: { 1: { name: scope('punctuation.definition.comment') } } },
      // So are empty lines (with a warning).
      { match: R`^[ \t]*\r?\n` },
    ],
  });
  def('escape', { match: R`${E}.`, name: scope('constant.character.escape') });

  // ---- words the builder expands (FROM, ENV, COPY, ...) ----
  def('double-quoted', {
    name: scope('string.quoted.double'),
    begin: '"', beginCaptures: { 0: { name: scope('punctuation.definition.string.begin') } },
    end: R`(")|${EOL}`, endCaptures: { 1: { name: scope('punctuation.definition.string.end') } },
    patterns: [ref('continuation'), ref('escape'), ref('variable')],
  });
  def('single-quoted', {
    name: scope('string.quoted.single'),
    begin: "'", beginCaptures: { 0: { name: scope('punctuation.definition.string.begin') } },
    end: R`(')|${EOL}`, endCaptures: { 1: { name: scope('punctuation.definition.string.end') } },
    patterns: [ref('continuation')],
  });
  def('variable', {
    patterns: [
      {
        name: scope('meta.interpolation.variable'),
        begin: R`(\$)(\{)`,
        beginCaptures: { 1: { name: scope('punctuation.definition.variable') }, 2: { name: scope('punctuation.section.interpolation.begin') } },
        end: R`(\})|${EOL}`,
        endCaptures: { 1: { name: scope('punctuation.section.interpolation.end') } },
        patterns: [
          { match: R`\G[A-Za-z_][A-Za-z0-9_]*`, name: scope('variable.other') },
          { match: R`(?<=[A-Za-z0-9_])(:?[-+?]|##?|%%?|//?)`, name: scope('keyword.operator.expansion') },
          ref('continuation'), ref('escape'), ref('variable'),
        ],
      },
      { match: R`(\$)([A-Za-z_][A-Za-z0-9_]*)`, captures: { 1: { name: scope('punctuation.definition.variable') }, 2: { name: scope('variable.other') } } },
    ],
  });
  def('words', { patterns: [ref('escape'), ref('double-quoted'), ref('single-quoted'), ref('variable')] });

  // ---- flags ----
  def('mount-flag', {
    name: scope('meta.flag.mount'),
    begin: R`(?<=[ \t])(--)(mount)(=)`,
    beginCaptures: { 1: { name: scope('punctuation.definition.flag') }, 2: { name: scope('entity.other.attribute-name.flag') }, 3: { name: scope('keyword.operator.assignment') } },
    end: R`(?=[ \t]|${E}[ \t]*$)|${EOL}`,
    patterns: [
      {
        match: R`\b(type)(=)(${MOUNT_TYPES})\b`,
        captures: { 1: { name: scope('entity.other.attribute-name.mount-option') }, 2: { name: scope('keyword.operator.assignment') }, 3: { name: scope('support.constant.mount-type') } },
      },
      {
        match: R`\b(from)(=)([^,\s]+)`,
        captures: { 1: { name: scope('entity.other.attribute-name.mount-option') }, 2: { name: scope('keyword.operator.assignment') }, 3: { name: scope('entity.name.type.stage'), patterns: [ref('variable')] } },
      },
      {
        match: R`\b([A-Za-z][A-Za-z0-9_-]*)(?:(=)([^,\s]*))?`,
        captures: { 1: { name: scope('entity.other.attribute-name.mount-option') }, 2: { name: scope('keyword.operator.assignment') }, 3: { name: scope('string.unquoted.mount-option'), patterns: [ref('variable')] } },
      },
      { match: ',', name: scope('punctuation.separator.comma') },
    ],
  });
  def('flags', {
    patterns: [
      ref('mount-flag'),
      {
        match: R`(?<=[ \t])(--)(from)(=)([^\s]+)`,
        captures: { 1: { name: scope('punctuation.definition.flag') }, 2: { name: scope('entity.other.attribute-name.flag') }, 3: { name: scope('keyword.operator.assignment') }, 4: { name: scope('entity.name.type.stage'), patterns: [ref('variable')] } },
      },
      {
        match: R`(?<=[ \t])(--)([A-Za-z][A-Za-z0-9-]*)(?:(=)([^\s]*))?`,
        captures: { 1: { name: scope('punctuation.definition.flag') }, 2: { name: scope('entity.other.attribute-name.flag') }, 3: { name: scope('keyword.operator.assignment') }, 4: { name: scope('string.unquoted.flag-value'), patterns: [ref('words')] } },
      },
    ],
  });
  def('run-flags', {
    // RUN takes only these; any other `--x` after RUN belongs to the command.
    patterns: [
      ref('mount-flag'),
      {
        match: R`(?<=[ \t])(--)(${BUILDKIT_RUN_FLAGS})(?=[= \t])(?:(=)([^\s]*))?`,
        captures: { 1: { name: scope('punctuation.definition.flag') }, 2: { name: scope('entity.other.attribute-name.flag') }, 3: { name: scope('keyword.operator.assignment') }, 4: { name: scope('string.unquoted.flag-value'), patterns: [ref('variable')] } },
      },
    ],
  });

  // ---- JSON (exec) form ----
  def('json-array', {
    name: scope('meta.array.exec-form'),
    begin: R`\G[ \t]*(\[)(?=.*\][ \t]*(?:${E}[ \t]*)?$|.*${E}[ \t]*$)`,
    beginCaptures: { 1: { name: scope('punctuation.definition.array.begin') } },
    end: R`(\])|${EOL}`,
    endCaptures: { 1: { name: scope('punctuation.definition.array.end') } },
    patterns: [
      shared('json-string'),
      { match: ',', name: scope('punctuation.separator.array') },
      ref('in-instruction'),
    ],
  });

  // ---- shell (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD in shell form) ----
  // A small shell grammar of its own: VS Code's shell grammar does not know that a Dockerfile line
  // without a continuation ends the command, and would carry an open construct into the next
  // instruction. Scopes follow the shell grammar's names so themes colour both alike.
  def('shell', {
    patterns: [
      ref('in-instruction'),
      {
        name: 'comment.line.number-sign.shell',
        begin: R`(?<=^|[ \t;&|(])(#)`, beginCaptures: { 1: { name: 'punctuation.definition.comment.shell' } },
        end: R`(?=(?<!${E})${E}[ \t]*$)|${EOL}`,
      },
      ref('shell-double-quoted'),
      {
        name: 'string.quoted.single.shell',
        begin: R`\$?'`, beginCaptures: { 0: { name: 'punctuation.definition.string.begin.shell' } },
        end: R`(')|${EOL}`, endCaptures: { 1: { name: 'punctuation.definition.string.end.shell' } },
        patterns: [ref('continuation')],
      },
      ref('shell-substitution'),
      ref('shell-variable'),
      {
        match: R`(?<![\w./-])(if|then|else|elif|fi|for|do|done|while|until|case|esac|function|select)(?![\w./=-])`,
        name: 'keyword.control.shell',
      },
      {
        match: R`(?:(&&|\|\|)|(\|)|(;;|[;&]))[ \t]*(?!(?:if|then|else|elif|fi|for|do|done|while|until|case|esac|function|select)(?![\w./=-]))([A-Za-z_./][A-Za-z0-9_./+-]*)?`,
        captures: {
          1: { name: 'keyword.operator.logical.shell' }, 2: { name: 'keyword.operator.pipe.shell' },
          3: { name: 'punctuation.terminator.statement.shell' }, 4: { name: 'entity.name.function.call.shell' },
        },
      },
      { match: R`\d*(?:>>|>&|<&|&>|>|<(?!<))`, name: 'keyword.operator.redirect.shell' },
      { match: R`(?<=[ \t])--?[A-Za-z][A-Za-z0-9_-]*`, name: 'constant.other.option.shell' },
      ...(esc === '\\' ? [{ match: R`\\.`, name: 'constant.character.escape.shell' }] : []),
    ],
  });
  def('shell-double-quoted', {
    name: 'string.quoted.double.shell',
    begin: '"', beginCaptures: { 0: { name: 'punctuation.definition.string.begin.shell' } },
    end: R`(")|${EOL}`, endCaptures: { 1: { name: 'punctuation.definition.string.end.shell' } },
    patterns: [
      ref('continuation'),
      ...(esc === '\\' ? [{ match: R`\\[$\x60"\\]`, name: 'constant.character.escape.shell' }] : []),
      ref('shell-substitution'), ref('shell-variable'),
    ],
  });
  def('shell-substitution', {
    patterns: [
      {
        name: 'meta.arithmetic.shell',
        begin: R`\$\(\(`, beginCaptures: { 0: { name: 'punctuation.section.arithmetic.begin.shell' } },
        end: R`(\)\))|${EOL}`, endCaptures: { 1: { name: 'punctuation.section.arithmetic.end.shell' } },
        patterns: [ref('continuation'), ref('shell-variable')],
      },
      {
        name: 'string.interpolated.dollar.shell',
        begin: R`\$\(`, beginCaptures: { 0: { name: 'punctuation.definition.subshell.begin.shell' } },
        end: R`(\))|${EOL}`, endCaptures: { 1: { name: 'punctuation.definition.subshell.end.shell' } },
        patterns: [ref('shell')],
      },
      ...(esc === '\\' ? [{
        name: 'string.interpolated.backtick.shell',
        begin: '`', beginCaptures: { 0: { name: 'punctuation.definition.evaluation.backticks.shell' } },
        end: R`(\x60)|${EOL}`, endCaptures: { 1: { name: 'punctuation.definition.evaluation.backticks.shell' } },
        patterns: [ref('continuation'), ref('shell-variable')],
      }] : []),
    ],
  });
  def('shell-variable', {
    patterns: [
      {
        name: 'meta.interpolation.variable.shell',
        begin: R`(\$)(\{)`,
        beginCaptures: { 1: { name: 'punctuation.definition.variable.shell' }, 2: { name: 'punctuation.section.interpolation.begin.shell' } },
        end: R`(\})|${EOL}`,
        endCaptures: { 1: { name: 'punctuation.section.interpolation.end.shell' } },
        patterns: [
          { match: R`\G[#!]?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])`, captures: { 1: { name: 'variable.other.normal.shell' } } },
          { match: R`(?<=[A-Za-z0-9_])(:?[-+?=]|##?|%%?|//?|:)`, name: 'keyword.operator.expansion.shell' },
          ref('continuation'), ref('shell-variable'), ref('shell-substitution'),
        ],
      },
      { match: R`(\$)([A-Za-z_][A-Za-z0-9_]*)`, captures: { 0: { name: 'variable.other.normal.shell' }, 1: { name: 'punctuation.definition.variable.shell' } } },
      { match: R`(\$)([0-9@*#?$!-])`, captures: { 0: { name: 'variable.other.special.shell' }, 1: { name: 'punctuation.definition.variable.shell' } } },
    ],
  });

  // ---- heredocs ----
  const heredocBody = (contentName, patterns) => ({
    begin: '^', while: R`^(?!${SINGLE_WORD_LINE})`, contentName, patterns,
  });
  const heredocRule = (body) => ({
    name: scope('meta.heredoc'),
    begin: HEREDOC_START,
    beginCaptures: {
      1: { name: scope('keyword.operator.heredoc') }, 2: { name: scope('keyword.operator.heredoc.strip-tabs') },
      3: { name: scope('punctuation.definition.string.begin') }, 4: { name: scope('entity.name.tag.heredoc') }, 5: { name: scope('punctuation.definition.string.end') },
    },
    // The terminator: the delimiter alone on its line (leading tabs allowed after `<<-`).
    end: R`^\t*(\4)\r?$`,
    endCaptures: { 1: { name: scope('entity.name.tag.heredoc') } },
    patterns: [body, ref('words')],
  });
  def('heredoc-script', heredocRule(heredocBody('meta.embedded.block.shellscript', [{ include: 'source.shell' }])));
  def('heredoc-file', heredocRule(heredocBody(scope('string.unquoted.heredoc'), [ref('variable')])));

  // ---- instructions ----
  const instruction = (keywords, name, patterns, extra = {}) => ({
    name: scope(`meta.instruction.${name}`),
    begin: R`(?i)^[ \t]*(${keywords})(?=[ \t]|$)`,
    beginCaptures: { 1: { name: scope('keyword.other.special-method') } },
    end: EOL,
    // Lines that only continue (comment or empty lines inside the instruction) win over the end.
    applyEndPatternLast: true,
    ...extra,
    patterns: [ref('in-instruction'), ...patterns],
  });
  /** The command right after the keyword (only there: later words may be arguments). */
  const commandWord = { match: R`\G[ \t]+(?!-)([A-Za-z_./][A-Za-z0-9_./+-]*)`, captures: { 1: { name: 'entity.name.function.call.shell' } } };
  /** ENV, ARG, LABEL: `name=value` pairs, or the legacy `name value`; an ARG's names may stand alone. */
  const assignment = (keyword, name, keyScope, namesAlone) => instruction(keyword, name, [
    { match: R`\G[ \t]+([A-Za-z_][A-Za-z0-9_.-]*)(?=[ \t]|$)`, captures: { 1: { name: keyScope } } },
    { match: R`(?<=[ \t])([A-Za-z_][A-Za-z0-9_.-]*)(=)`, captures: { 1: { name: keyScope }, 2: { name: scope('keyword.operator.assignment') } } },
    ...(namesAlone ? [{ match: R`(?<=[ \t])([A-Za-z_][A-Za-z0-9_]*)(?=[ \t]|$)`, captures: { 1: { name: keyScope } } }] : []),
    { match: R`(?<=")(=)`, captures: { 1: { name: scope('keyword.operator.assignment') } } },
    ref('words'),
  ]);
  def('instructions', {
    patterns: [
      {
        match: R`^[ \t]*(#).*$`, name: scope('comment.line.number-sign'),
        captures: { 1: { name: scope('punctuation.definition.comment') } },
      },
      instruction('FROM', 'from', [
        ref('flags'),
        {
          match: R`(?i)(?<=[ \t])(AS)[ \t]+([^\s]+)`,
          captures: { 1: { name: scope('keyword.other.special-method') }, 2: { name: scope('entity.name.type.stage') } },
        },
        {
          match: R`(?<=[ \t])(?!--)(?!(?i:as)[ \t])[^\s]+`, name: scope('entity.name.type.image'),
          captures: { 0: { patterns: [ref('variable')] } },
        },
      ]),
      // `RUN [flags] <<EOF`: the heredoc is the script.
      {
        ...instruction('RUN', 'run', [ref('heredoc-script'), ref('run-flags'), ref('shell')]),
        begin: R`(?i)^[ \t]*(RUN)((?:[ \t]+--[^\s]+)*)[ \t]+(?=\d*<<-?[ \t]*["']?[A-Za-z0-9_./-])`,
        beginCaptures: { 1: { name: scope('keyword.other.special-method') }, 2: { patterns: [ref('run-flags')] } },
      },
      instruction('RUN', 'run', [
        ref('json-array'),
        commandWord,
        ref('run-flags'), ref('heredoc-file'), ref('shell'),
      ]),
      instruction('CMD|ENTRYPOINT', 'command', [
        ref('json-array'),
        commandWord,
        ref('shell'),
      ]),
      instruction('HEALTHCHECK', 'healthcheck', [
        ref('flags'),
        { match: R`(?i)(?<=[ \t])NONE(?=[ \t]*$)`, name: scope('constant.language.none') },
        {
          begin: R`(?i)(?<=[ \t])(CMD)(?=[ \t]|$)`, beginCaptures: { 1: { name: scope('keyword.other.special-method') } },
          end: EOL, applyEndPatternLast: true,
          patterns: [ref('json-array'), commandWord, ref('shell')],
        },
      ]),
      instruction('SHELL', 'shell', [ref('json-array'), ref('words')]),
      assignment('ENV', 'env', scope('variable.other.env'), false),
      assignment('ARG', 'arg', scope('variable.parameter.arg'), true),
      assignment('LABEL', 'label', scope('entity.other.attribute-name.label'), false),
      instruction('COPY|ADD', 'copy', [ref('json-array'), ref('flags'), ref('heredoc-file'), ref('words')]),
      instruction('EXPOSE', 'expose', [
        { match: R`(?<=[ \t])\d+(?:-\d+)?(?:/(?i:tcp|udp|sctp))?(?=[ \t]|$)`, name: scope('constant.numeric.port') },
        ref('words'),
      ]),
      instruction('VOLUME', 'volume', [ref('json-array'), ref('words')]),
      instruction('ONBUILD', 'onbuild', [
        { match: R`(?i)\G[ \t]+(${KEYWORDS})(?=[ \t]|$)`, captures: { 1: { name: scope('keyword.other.special-method') } } },
        ref('json-array'), ref('flags'), ref('heredoc-file'), ref('words'),
      ]),
      instruction('WORKDIR|USER|STOPSIGNAL|MAINTAINER', 'other', [ref('words')]),
    ],
  });
  return repo;
}

function directiveRules() {
  const line = (name, value) => ({
    match: R`^[ \t]*(#)[ \t]*((?i:${name}))[ \t]*(=)[ \t]*(.*?)[ \t]*$`,
    name: scope(`meta.preprocessor.directive.${name}`),
    captures: {
      1: { name: scope('punctuation.definition.directive') },
      2: { name: scope('keyword.control.directive') },
      3: { name: scope('keyword.operator.assignment') },
      4: value,
    },
  });
  return {
    directive: {
      patterns: [
        line('syntax', { name: scope('string.unquoted.directive-value') }),
        line('escape', { name: scope('constant.character.escape.directive-value') }),
        line('check', {
          name: scope('meta.directive-value.check'),
          patterns: [
            { match: R`\b(skip|error)(=)`, captures: { 1: { name: scope('entity.other.attribute-name.check-option') }, 2: { name: scope('keyword.operator.assignment') } } },
            { match: R`\b(true|false|all)\b`, name: scope('constant.language') },
            { match: R`\b[A-Z][A-Za-z]+\b`, name: scope('support.constant.rule-name') },
            { match: '[,;]', name: scope('punctuation.separator') },
          ],
        }),
      ],
    },
    directives: {
      // Only at the top of the file: ends at the first line that is not a directive.
      begin: R`\A(?=${DIRECTIVE_LINE})`,
      end: R`^(?!${DIRECTIVE_LINE})`,
      patterns: [
        {
          // `# escape=\``: the rest of the file (this rule never ends) reads with the backtick.
          begin: R`^[ \t]*(#)[ \t]*((?i:escape))[ \t]*(=)[ \t]*(\x60)[ \t]*$`,
          beginCaptures: {
            0: { name: scope('meta.preprocessor.directive.escape') },
            1: { name: scope('punctuation.definition.directive') },
            2: { name: scope('keyword.control.directive') },
            3: { name: scope('keyword.operator.assignment') },
            4: { name: scope('constant.character.escape.directive-value') },
          },
          end: R`(?!)`,
          patterns: [
            // Directives may follow on the next lines.
            { begin: R`\G`, end: R`^(?!${DIRECTIVE_LINE})`, patterns: [{ include: '#directive' }] },
            { include: '#instructions-bt' },
          ],
        },
        { include: '#directive' },
      ],
    },
    'json-string': {
      name: scope('string.quoted.double.json'),
      begin: '"', beginCaptures: { 0: { name: scope('punctuation.definition.string.begin') } },
      end: R`(")|${EOL}`, endCaptures: { 1: { name: scope('punctuation.definition.string.end') } },
      patterns: [{ match: R`\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})`, name: scope('constant.character.escape.json') }],
    },
  };
}

export function dockerfileGrammar() {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Dockerfile',
    scopeName: `source.${SCOPE}`,
    comment: 'Generated by syntaxes/generate.mjs from syntaxes/dockerfile.grammar.mjs: edit that, then run it.',
    patterns: [{ include: '#directives' }, { include: '#instructions' }],
    repository: {
      ...directiveRules(),
      ...modeRepository('\\', ''),
      ...modeRepository('`', '-bt'),
    },
  };
}
