// Which builder a build can use on the connected engine. BuildKit is what users run (Docker
// Engine 23+ and Docker Desktop build with it by default) and is asked for with
// `POST /build?version=2`, which the engine API has from version 1.38 on, on Linux engines;
// older engines and Windows engines build with the classic builder only. `--platform` needs
// API 1.32. No `vscode` import.
import type Docker from 'dockerode';
import type { Builder } from './buildOutcomes';

export interface EngineBuildSupport {
  readonly buildkit: boolean;
  /** Why BuildKit is not available, in a sentence. */
  readonly reason?: string;
  readonly platform: boolean;
  /** The engine's own platform (`linux/amd64`), the default target. */
  readonly defaultPlatform?: string;
}

const atLeast = (version: string, minimum: string): boolean => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = minimum.split('.').map(Number);
  return a > c || (a === c && b >= d);
};

/** What the engine's `/version` says about building. */
export function buildSupportOf(version: { ApiVersion?: string; Os?: string; Arch?: string }): EngineBuildSupport {
  const api = version.ApiVersion ?? '0';
  const os = (version.Os ?? '').toLowerCase();
  const platform = atLeast(api, '1.32');
  const defaultPlatform = os && version.Arch ? `${os}/${version.Arch}` : undefined;
  const base = { platform, ...(defaultPlatform ? { defaultPlatform } : {}) };
  if (os === 'windows') return { ...base, buildkit: false, reason: 'a Windows engine builds with the classic builder only' };
  if (!atLeast(api, '1.38')) return { ...base, buildkit: false, reason: `the engine's API ${api} predates BuildKit (1.38)` };
  return { ...base, buildkit: true };
}

const known = new WeakMap<Docker, Promise<EngineBuildSupport>>();

/** The engine's build support, asked once per client. */
export function engineBuildSupport(docker: Docker): Promise<EngineBuildSupport> {
  let support = known.get(docker);
  if (!support) {
    support = docker.version().then((v) => buildSupportOf(v as { ApiVersion?: string; Os?: string; Arch?: string }));
    // A failed look-up is asked again next time (the engine may have been down).
    support.catch(() => known.delete(docker));
    known.set(docker, support);
  }
  return support;
}

export interface BuilderChoice {
  readonly builder: Builder;
  /** Set when BuildKit was asked for and the engine cannot: what the user should be told. */
  readonly fallback?: string;
}

/** The builder to use: the one asked for, unless it is BuildKit and the engine has none. */
export function chooseBuilder(wanted: Builder, support: EngineBuildSupport): BuilderChoice {
  if (wanted === 'classic' || support.buildkit) return { builder: wanted };
  return { builder: 'classic', fallback: `building with the classic builder: ${support.reason ?? 'the engine has no BuildKit'}` };
}
