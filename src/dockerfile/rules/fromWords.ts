// A FROM line's words as written: the image, and for `FROM image AS name` the keyword and the name.
import type { StageModel } from '..';
import { argumentWords, Word } from './argumentWords';
import type { LintContext } from './context';
import type { InstructionText } from './instructionText';

export interface FromWords { text: InstructionText; keyword: Word; image?: Word; as?: Word; name?: Word }

export function fromWords(context: LintContext, stage: StageModel): FromWords | undefined {
  const from = stage.instructions[0];
  if (!from || from.keyword !== 'FROM' || from.onbuildTrigger) return undefined;
  const text = context.textOf(from);
  const keywordMatch = /^\s*(\S+)/.exec(text.text);
  if (!keywordMatch) return undefined;
  const keywordStart = keywordMatch[0].length - keywordMatch[1].length;
  const keyword = { text: keywordMatch[1], start: keywordStart, end: keywordStart + keywordMatch[1].length };
  const words = argumentWords(text, context.escape);
  if (words.length === 3 && words[1].text.toLowerCase() === 'as') return { text, keyword, image: words[0], as: words[1], name: words[2] };
  return { text, keyword, image: words[0] };
}
