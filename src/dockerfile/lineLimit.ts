// The longest line a Dockerfile may have: both builders read the file with Go's bufio.Scanner at
// its default buffer (bufio.MaxScanTokenSize, 64 KiB), so a line of 65,536 bytes or more (its
// newline not counted, a '\r' counted) stops the parse with "dockerfile line greater than max
// allowed size of 65535" (BuildKit's parser.go, handleScannerError; the classic builder of the
// engine uses the same parser). Checked against the engine with both builders: 65,535 bytes
// build, 65,536 do not. Checking it first also keeps a 10 MB line from costing the analysis
// minutes: nothing after the check would be built anyway.

export const MAX_LINE_BYTES = 65_535;
export const LINE_TOO_LONG_MESSAGE = `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`;

/**
 * The first line the builders refuse for its length (0-based), its length in UTF-8 bytes and in
 * characters, and the offset where it starts (what comes before it is `text.slice(0, offset)`).
 */
export function overlongLine(text: string): { line: number; offset: number; bytes: number; characters: number } | undefined {
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const characters = end - start;
    // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4): only a line of
    // more than a third of the limit in units can be over it in bytes.
    if (characters * 3 > MAX_LINE_BYTES) {
      const bytes = Buffer.byteLength(text.slice(start, end), 'utf8');
      if (bytes > MAX_LINE_BYTES) return { line, offset: start, bytes, characters };
    }
    start = end + 1;
  }
  return undefined;
}
