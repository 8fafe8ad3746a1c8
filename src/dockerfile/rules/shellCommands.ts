// Splits a shell command line into its simple commands (at `&&`, `||`, `;`, `|`, `&` and line
// breaks outside quotes), each with its words, so that rules can ask "does this RUN run
// `apt-get update`" without being fooled by quoted text or a leading `sudo` or `VAR=value`.

export interface SimpleCommand {
  /** The command's words, quotes removed; wrappers (`sudo`, `env`, assignments) skipped. */
  words: string[];
  /** Offsets of the command's first word (after wrappers) and end, in the scanned text. */
  start: number;
  end: number;
}

/** Words before the command proper: wrappers, and shell keywords that start a compound command's body. */
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command', 'eatmydata', 'then', 'else', 'do', 'if', 'elif', 'while', 'until', '!']);

export function simpleCommands(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Array<{ text: string; start: number; end: number }> = [];
  let word = '';
  let wordStart = -1;
  let quote = '';
  const endWord = (at: number) => { if (wordStart >= 0) words.push({ text: word, start: wordStart, end: at }); word = ''; wordStart = -1; };
  const endCommand = (at: number) => {
    endWord(at);
    let first = 0;
    while (first < words.length && (WRAPPERS.has(words[first].text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[first].text) || (first > 0 && WRAPPERS.has(words[first - 1].text) && words[first].text.startsWith('-')))) first++;
    if (first < words.length) commands.push({ words: words.slice(first).map((w) => w.text), start: words[first].start, end: words[words.length - 1].end });
    words = [];
    void at;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    // A line continuation (escape, line break) joins the lines, inside double quotes too.
    if (ch === '\\' && quote !== "'" && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) { i += text[i + 1] === '\r' ? 2 : 1; continue; }
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"') { word += text[++i] ?? ''; }
      else word += ch;
      continue;
    }
    // A `#` that starts a word starts a comment, to the end of the line.
    if (ch === '#' && wordStart < 0) { while (i + 1 < text.length && text[i + 1] !== '\n') i++; continue; }
    if (ch === '"' || ch === "'") { quote = ch; if (wordStart < 0) wordStart = i; continue; }
    if (ch === '\\') { if (wordStart < 0) wordStart = i; word += text[++i] ?? ''; continue; }
    if (ch === ';' || ch === '&' || ch === '|' || ch === '\n' || ch === '(' || ch === ')' || ch === '{' && text[i + 1] === ' ' || ch === '}' && /\s|;/.test(text[i - 1] ?? ' ')) {
      endCommand(i);
      continue;
    }
    if (/\s/.test(ch)) { endWord(i); continue; }
    if (wordStart < 0) wordStart = i;
    word += ch;
  }
  endCommand(text.length);
  return commands;
}

/** The command's words without options (`-y`, `--no-cache`), for matching sub-commands. */
export function operands(command: SimpleCommand): string[] {
  return command.words.filter((w) => !w.startsWith('-'));
}
