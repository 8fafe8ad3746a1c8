// Looks base images up in the Docker engine (DOCKER_HOST etc., like the docker CLI) for the model.
// Any HTTP answer (404 for an absent image) means "reachable"; no answer means unreachable.
import Docker from 'dockerode';
import type { AsyncBaseImageResolver, BaseImageConfig } from '../dockerfile';

export interface EngineLookup {
  resolve: AsyncBaseImageResolver;
  /** Set once a look-up failed for a reason other than "no such image". */
  readonly unreachable: string | undefined;
}

const TIMEOUT_MS = 5000;

export function engineBaseImages(docker: Docker = new Docker()): EngineLookup {
  let unreachable: string | undefined;
  const resolve: AsyncBaseImageResolver = async (reference) => {
    if (unreachable) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS); });
    try {
      const info = await Promise.race([docker.getImage(reference).inspect(), timeout]);
      return (info.Config ?? {}) as BaseImageConfig;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === undefined) unreachable = error instanceof Error ? error.message : String(error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
  return { resolve, get unreachable() { return unreachable; } };
}
