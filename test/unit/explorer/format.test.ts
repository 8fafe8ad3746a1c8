import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayImage, formatAge, formatBytes, formatPort, formatPublishedPorts, layerInstruction, shortId } from '../../../src/explorer/format';

describe('explorer formatting', () => {
  it('prints sizes in decimal units with three significant digits, like the docker CLI', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1000), '1 kB');
    assert.equal(formatBytes(4_261_204), '4.26 MB');
    assert.equal(formatBytes(5_600_000), '5.6 MB');
    assert.equal(formatBytes(999_700), '1 MB'); // not "1.00e+3 kB"
    assert.equal(formatBytes(1_500_000_000), '1.5 GB');
    assert.equal(formatBytes(-1), '?');
  });

  it('prints ages the way people say them', () => {
    const now = 1_700_000_000_000;
    const created = now / 1000;
    assert.equal(formatAge(created, now), 'just now');
    assert.equal(formatAge(created - 61, now), '1 minute ago');
    assert.equal(formatAge(created - 3 * 3600, now), '3 hours ago');
    assert.equal(formatAge(created - 2 * 86400, now), '2 days ago');
    assert.equal(formatAge(created - 400 * 86400, now), '1 year ago');
    assert.equal(formatAge(created + 100, now), 'just now'); // clock skew: never "in the future"
  });

  it('prints ports with and without a published host port', () => {
    assert.equal(formatPort({ privatePort: 80, protocol: 'tcp' }), '80/tcp');
    assert.equal(formatPort({ privatePort: 80, publicPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' }), '0.0.0.0:8080→80/tcp');
    assert.equal(formatPort({ privatePort: 53, publicPort: 5353, hostIp: '::', protocol: 'udp' }), '[::]:5353→53/udp');
    // IPv4 and IPv6 bindings of one port show once; exposed-only ports do not show at all.
    assert.equal(
      formatPublishedPorts([
        { privatePort: 80, publicPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 80, publicPort: 8080, hostIp: '::', protocol: 'tcp' },
        { privatePort: 443, protocol: 'tcp' },
        { privatePort: 53, publicPort: 53, protocol: 'udp' },
      ]),
      '8080→80, 53→53/udp',
    );
  });

  it('shows history lines as Dockerfile instructions', () => {
    assert.equal(layerInstruction('/bin/sh -c #(nop)  CMD ["sh"]'), 'CMD ["sh"]');
    assert.equal(layerInstruction('/bin/sh -c #(nop) WORKDIR /app'), 'WORKDIR /app');
    assert.equal(layerInstruction('/bin/sh -c echo hi > /x'), 'RUN echo hi > /x');
    assert.equal(layerInstruction('RUN /bin/sh -c apk add curl # buildkit'), 'RUN /bin/sh -c apk add curl # buildkit');
    assert.equal(shortId('sha256:0123456789abcdef0123'), '0123456789ab');
    assert.equal(displayImage(`sha256:${'ab'.repeat(32)}`), 'abababababab');
    assert.equal(displayImage('localhost:5000/app:1'), 'localhost:5000/app:1');
  });
});
