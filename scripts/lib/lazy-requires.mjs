// An esbuild plugin that defers two heavy dependencies of dockerode until they are first used.
//
// dockerode requires its BuildKit session module (@grpc/grpc-js, @grpc/proto-loader, protobufjs)
// and docker-modem its ssh transport (ssh2, asn1) when they load, although both are called only
// for `docker build` with a session and for ssh:// engines. Measured with --cpu-prof on
// `layerwise explain`: 0.76 of its 1.25 s went into loading dockerode, most of it those two.
// Each is required as a single function, so a function that requires it on its first call is
// the same to its callers. The rewrite must find its text: a dockerode update that changes it fails
// the build here instead of silently loading everything again.
import { readFile } from 'node:fs/promises';

const REWRITES = [
  { file: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]docker\.js$/, from: "withSession = require('./session'),", to: "withSession = function () { return require('./session').apply(this, arguments); }," },
  { file: /[\\/]node_modules[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, from: "ssh = require('./ssh'),", to: "ssh = function () { return require('./ssh').apply(this, arguments); }," },
];

export const lazyRequires = {
  name: 'layerwise-lazy-requires',
  setup(build) {
    for (const rewrite of REWRITES) {
      build.onLoad({ filter: rewrite.file }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes(rewrite.from)) {
          return { errors: [{ text: `lazy-requires: "${rewrite.from}" is no longer in ${args.path}; update scripts/lib/lazy-requires.mjs` }] };
        }
        return { contents: text.replace(rewrite.from, rewrite.to), loader: 'js' };
      });
    }
  },
};
