// The platform BuildKit's automatic ARGs describe (BUILDPLATFORM, TARGETARCH...): the engine's own,
// asked through the API like the base images; this machine's when there is no engine to ask.
import Docker from 'dockerode';
import { Platform, platformOfThisMachine } from '../dockerfile';

const TIMEOUT_MS = 5000;

export async function enginePlatform(docker: Docker = new Docker()): Promise<Platform | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), TIMEOUT_MS); });
  try {
    const version = await Promise.race([docker.version(), timeout]);
    if (!version || !version.Os || !version.Arch) return undefined;
    // The engine reports Go's GOOS/GOARCH; arm64 engines build for the v8 variant.
    return { os: version.Os, architecture: version.Arch, ...(version.Arch === 'arm64' ? { variant: 'v8' } : {}) };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

export function fallbackPlatform(): Platform {
  return platformOfThisMachine();
}
