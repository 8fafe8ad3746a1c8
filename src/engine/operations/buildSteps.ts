// The classic builder's output turned into one record per `Step N/M`: whether it was cached or
// ran, how long it took (from when its Step line arrived to when the next one did) and the image
// it left (` ---> <id>`). No `vscode` import.
//
// What the classic builder prints (engine 20.10+, checked against a real one):
//   Step 1/9 : ARG V=1            global ARG: no ` ---> ` line at all
//   Step 2/9 : FROM base AS one   ` ---> <base id>`; with ONBUILD triggers also
//                                 `# Executing N build trigger(s)` and the trigger's layer id
//   Step 3/9 : RUN make           ` ---> Using cache` or ` ---> Running in <ctr>`, then ` ---> <id>`
//   Step 4/9 : COPY a /a          a copy that runs prints no container, only ` ---> <id>`
// Every stage up to the target is built, in file order, and FROM counts as a step.

/** cached / ran: the step's layer came from the cache or was made now; base: a FROM that only
 * picked its base image; meta: nothing was committed (a global ARG); failed / cancelled: the step
 * the build stopped in. */
export type StepOutcome = 'cached' | 'ran' | 'base' | 'meta' | 'failed' | 'cancelled';

export interface BuildStepRecord {
  /** 1-based, as in `Step N/M`. */
  readonly number: number;
  readonly total: number;
  /** The instruction as the builder printed it. */
  readonly instruction: string;
  readonly outcome: StepOutcome;
  /** Milliseconds from this step's Step line to the next one (or to the end of the build). */
  readonly durationMs: number;
  /** The image the step left (short id as printed); for a FROM, the base (or its trigger layer). */
  readonly imageId?: string;
  /** ONBUILD triggers the FROM ran. */
  readonly triggers?: number;
  /** For the step the build stopped in: the last lines it printed (its command's output). */
  readonly logTail?: readonly string[];
}

interface OpenStep {
  number: number;
  total: number;
  instruction: string;
  startedAt: number;
  usedCache: boolean;
  ranContainer: boolean;
  imageId?: string;
  triggers?: number;
  /** What the step's command printed (the builder's own ` ---> ` lines left out). */
  output: string[];
}

const STEP_LINE = /^Step (\d+)\/(\d+) : (.*)$/;
const IMAGE_LINE = /^ ---> ([0-9a-f]{12,64})$/;
const TRIGGERS_LINE = /^# Executing (\d+) build triggers?$/;
const TAIL_LINES = 10;

/** Feeds on the builder's output lines as they arrive; `finish` closes the last step. */
export class BuildStepRecorder {
  private readonly done: BuildStepRecord[] = [];
  private open: OpenStep | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  line(text: string): void {
    const at = this.now();
    const step = STEP_LINE.exec(text);
    if (step) {
      this.close(at, undefined);
      this.open = { number: Number(step[1]), total: Number(step[2]), instruction: step[3], startedAt: at, usedCache: false, ranContainer: false, output: [] };
      return;
    }
    if (text.startsWith('Successfully built ')) {
      this.close(at, undefined);
      return;
    }
    const open = this.open;
    if (!open) return;
    if (text === ' ---> Using cache') open.usedCache = true;
    else if (text.startsWith(' ---> Running in ')) open.ranContainer = true;
    else if (!text.startsWith(' ---> ') && !text.startsWith('Removing intermediate container ')) {
      open.output.push(text);
      if (open.output.length > TAIL_LINES) open.output.shift();
      const triggers = TRIGGERS_LINE.exec(text);
      if (triggers) open.triggers = Number(triggers[1]);
    } else {
      const image = IMAGE_LINE.exec(text);
      if (image) open.imageId = image[1];
    }
  }

  /** Ends the build: the open step closes now, as `failed` / `cancelled` when the build did not succeed. */
  finish(stopped?: 'failed' | 'cancelled'): readonly BuildStepRecord[] {
    this.close(this.now(), stopped);
    return this.records;
  }

  get records(): readonly BuildStepRecord[] {
    return [...this.done];
  }

  private close(at: number, stopped: 'failed' | 'cancelled' | undefined): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    this.done.push({
      number: open.number,
      total: open.total,
      instruction: open.instruction,
      outcome: stopped ?? outcomeOf(open),
      durationMs: Math.max(0, at - open.startedAt),
      ...(open.imageId ? { imageId: open.imageId } : {}),
      ...(open.triggers ? { triggers: open.triggers } : {}),
      ...(stopped && open.output.length ? { logTail: [...open.output] } : {}),
    });
  }
}

function outcomeOf(step: OpenStep): StepOutcome {
  if (step.usedCache) return 'cached';
  if (step.imageId === undefined) return 'meta';
  if (/^FROM\s/i.test(step.instruction) && !step.triggers) return 'base';
  return 'ran';
}
