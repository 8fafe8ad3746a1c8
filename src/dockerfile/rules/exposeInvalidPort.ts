// ExposeInvalidPort: an EXPOSE port the builder cannot parse (`EXPOSE 99999`, a range that runs
// backwards `80-70`) fails the build, with either builder (nat.ParsePortSpecs:
// "Invalid containerPort: 99999"). BuildKit has no check of this name; its builder just fails.
// Read from the build model, which parses every port after expanding the word.
import { defineRule, RuleFinding } from './rule';

// A protocol the parser does not know is dockerfile-utils' InvalidProtocol already.
const PORT_ERRORS = /^(?:invalid containerPort|no port specified): /;

export const exposeInvalidPort = defineRule({
  name: 'ExposeInvalidPort',
  description: 'An EXPOSE port the builder cannot parse fails the build',
  defaultSeverity: 'error',
}, (context) => context.model.problems
  .filter((p) => p.severity === 'error' && PORT_ERRORS.test(p.message))
  .map((p): RuleFinding => ({ range: p.range, message: `${p.message}: the build fails here (a port is 0 to 65535, a range low-high)` })));
