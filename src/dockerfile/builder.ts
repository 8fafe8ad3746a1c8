// The two builders the model answers for, and what each defines on its own: BuildKit's automatic
// platform ARGs and its proxy handling (moby/buildkit frontend/dockerfile/dockerfile2llb, the
// v0.8 the Docker 20.10 engine embeds), the classic builder's predefined proxy ARGs.

/** `buildkit`: Docker Engine 23+ and Docker Desktop's default; `classic`: the legacy builder. */
export type Builder = 'buildkit' | 'classic';

export const BUILDERS: readonly Builder[] = ['buildkit', 'classic'];
export const DEFAULT_BUILDER: Builder = 'buildkit';

export function isBuilder(value: unknown): value is Builder {
  return value === 'buildkit' || value === 'classic';
}

/** An OCI platform as the engine reports it (`linux`, `amd64`, variant `v8` on arm64...). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** The platform of a Linux x86-64 engine: what BuildKit builds for when nothing else is known. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** containerd's platforms.Format: `os/arch[/variant]`. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

/** Node's `process.arch` as Go's GOARCH (what the engine on this machine would report). */
export function platformOfThisMachine(arch: string = process.arch): Platform {
  const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  const architecture = goArch[arch] ?? arch;
  return { os: 'linux', architecture, ...(architecture === 'arm64' ? { variant: 'v8' } : {}) };
}

/**
 * getPlatformArgs: the ARGs BuildKit defines before the first line, in its order. They are global
 * (meta) ARGs: FROM sees them, a stage sees one only after `ARG NAME`. A build arg of the same
 * name overrides the value. The engine builds for its own platform unless `--platform` is given,
 * so TARGET* equal BUILD* here.
 */
export function automaticPlatformArgs(build: Platform, target: Platform = build): Array<[string, string]> {
  return [
    ['BUILDPLATFORM', formatPlatform(build)], ['BUILDOS', build.os], ['BUILDARCH', build.architecture], ['BUILDVARIANT', build.variant ?? ''],
    ['TARGETPLATFORM', formatPlatform(target)], ['TARGETOS', target.os], ['TARGETARCH', target.architecture], ['TARGETVARIANT', target.variant ?? ''],
  ];
}

/**
 * proxyEnvFromBuildArgs: the build args BuildKit turns into the proxy environment of every RUN,
 * matched case-insensitively, each set in upper and lower case. BuildKit 0.8 knows these four;
 * current BuildKit adds `all_proxy`.
 */
export const BUILDKIT_PROXY_ARGS: readonly string[] = ['http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy'];

/** The proxy pairs a BuildKit RUN sees for the given build args (`HTTP_PROXY=v`, `http_proxy=v`, ...). */
export function buildkitProxyEnv(buildArgs: ReadonlyMap<string, string | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const proxy of BUILDKIT_PROXY_ARGS) {
    // Several spellings of one proxy: BuildKit 0.8 takes one in Go's map order (random); the last
    // given here (current BuildKit sorts the names, so the lower-case one wins there).
    let value: string | undefined;
    for (const [name, v] of buildArgs) if (v !== undefined && name.toLowerCase() === proxy) value = v;
    if (value !== undefined && value !== '') out.push([proxy.toUpperCase(), value], [proxy, value]);
  }
  return out;
}

/** Whether BuildKit consumes this build arg without an ARG line (a proxy, or an automatic ARG's override). */
export function buildkitConsumesUndeclared(name: string): boolean {
  return BUILDKIT_PROXY_ARGS.includes(name.toLowerCase());
}
