// The `contributes.viewsWelcome` entries, generated from engineProblems.ts so that package.json
// and the code never disagree (written by manifestContributions.ts, checked by
// test/unit/explorer/manifest.test.ts). No `vscode` import.
import { ENGINE_PROBLEMS, UNREACHABLE_REASONS } from './engineProblems';

/** The views that show engine objects (the Contexts view lists endpoints even when the engine is down). */
export const ENGINE_VIEWS = ['layerwise.containers', 'layerwise.images', 'layerwise.volumes', 'layerwise.networks'] as const;

/** Context keys set by the explorer (engineStateContext.ts) and read by the `when` clauses below. */
export const ENGINE_STATE_KEY = 'layerwise.engineState';
export const ENGINE_PROBLEM_KEY = 'layerwise.engineProblem';

export interface WelcomeEntry {
  readonly view: string;
  readonly contents: string;
  readonly when: string;
}

export function welcomeEntries(): WelcomeEntry[] {
  const entries: WelcomeEntry[] = [];
  for (const view of ENGINE_VIEWS) {
    const noun = view.slice('layerwise.'.length);
    entries.push({
      view,
      contents: `The Docker engine has no ${noun}.`,
      when: `${ENGINE_STATE_KEY} == connected`,
    });
    entries.push({
      view,
      contents: 'Connecting to the Docker engine…',
      when: `${ENGINE_STATE_KEY} == connecting`,
    });
    for (const reason of UNREACHABLE_REASONS) {
      const problem = ENGINE_PROBLEMS[reason];
      entries.push({
        view,
        contents: [
          problem.title,
          problem.fix,
          '[Retry](command:layerwise.retry)',
          '[Show Details](command:layerwise.showEngineProblem) · [Use Another Context](command:layerwise.useContext)',
        ].join('\n'),
        when: `${ENGINE_STATE_KEY} == unreachable && ${ENGINE_PROBLEM_KEY} == ${reason}`,
      });
    }
  }
  return entries;
}
