// ExposeInvalidFormat (BuildKit): `EXPOSE 80:80` or `EXPOSE 127.0.0.1:80:80` — EXPOSE documents the
// container's ports; publishing (host port, address) is `docker run -p`'s job. The builder keeps
// only the container port (and BuildKit will make this an error).
import { argumentWords } from './argumentWords';
import { defineRule, RuleFinding } from './rule';

export const exposeInvalidFormat = defineRule({
  name: 'ExposeInvalidFormat',
  description: 'IP address and host-port mapping should not be used in EXPOSE instruction',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'EXPOSE') continue;
    const text = context.textOf(instruction);
    for (const word of argumentWords(text, context.escape)) {
      if (!word.text.includes(':') || word.text.includes('$')) continue;
      const containerPort = word.text.slice(word.text.lastIndexOf(':') + 1);
      const range = text.rangeOf(word.start, word.end);
      findings.push({
        range,
        message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${word.text}'`,
        ...(containerPort !== '' ? { fix: { title: `Expose ${containerPort} only`, edits: [{ range, newText: containerPort }] } } : {}),
      });
    }
  }
  return findings;
});
