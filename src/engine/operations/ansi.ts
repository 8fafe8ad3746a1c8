// Terminal control sequences out of build output. A RUN's programs often colour what they print
// (npm, apt, compilers); VS Code's output channel, notifications and Problems panel show text, so
// the escape codes would appear as `\u001b[31m` noise around the one line that explains a failure.
// No `vscode` import.

// CSI (colours, cursor moves), OSC (titles, hyperlinks; ended by BEL or ESC \), and the two-byte
// escapes (ESC followed by one final byte).
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** `text` without terminal escape sequences; a carriage return keeps what was written after it (progress bars redraw a line that way). */
export function plainText(text: string): string {
  const withoutEscapes = text.replace(ESCAPES, '');
  return withoutEscapes
    .split('\n')
    .map((line) => {
      const trimmed = line.replace(/\r+$/, '');
      const last = trimmed.lastIndexOf('\r');
      return last < 0 ? trimmed : trimmed.slice(last + 1);
    })
    .join('\n');
}
