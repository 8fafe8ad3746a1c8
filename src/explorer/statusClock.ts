// When a container's relative status text ("Up 3 minutes", "Exited (1) 5 seconds ago") next
// changes, so a view can re-render it then, from its own clock: the engine's text is read once,
// when an event says the container changed, and rendered for now by liveStatusText. Pure.
import { liveStatusText, parseHumanDuration } from '../engine/mapping';
import type { ContainerInfo } from '../engine/model';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** A tick lands this much after the boundary, so the text read then is the new one. */
const MARGIN = 5;

const DURATION = /^(?:Up |Exited \(-?\d+\) |Restarting \(-?\d+\) )(.+?)(?: ago)?(?: \((?:Paused|healthy|unhealthy|health: starting)\))?$/;

/** Milliseconds until `liveStatusText(container, t)` changes after `now`; undefined if it never does. */
export function msUntilStatusChanges(container: Pick<ContainerInfo, 'status' | 'statusAt'>, now: number): number | undefined {
  if (container.statusAt === undefined) return undefined;
  const text = DURATION.exec(liveStatusText(container, now))?.[1];
  const shown = text === undefined ? undefined : parseHumanDuration(text);
  if (shown === undefined) return undefined;
  // How long ago the duration started, as precisely as the engine's text allows.
  const elapsed = (parseHumanDuration(DURATION.exec(container.status)?.[1] ?? '') ?? shown) + Math.max(0, now - container.statusAt);
  // Docker's HumanDuration counts seconds below a minute, minutes below an hour, then rounds hours.
  const step = elapsed < MINUTE ? SECOND : elapsed < HOUR ? MINUTE : HOUR / 2;
  // Hours are rounded: the text changes at every half hour (and some of these ticks find it the same).
  return step - (elapsed % step) + MARGIN;
}

/** The soonest change among `containers`, or undefined when none of them ticks. */
export function soonestStatusChange(containers: Iterable<Pick<ContainerInfo, 'status' | 'statusAt'>>, now: number): number | undefined {
  let soonest: number | undefined;
  for (const c of containers) {
    const ms = msUntilStatusChanges(c, now);
    if (ms !== undefined && (soonest === undefined || ms < soonest)) soonest = ms;
  }
  return soonest;
}
