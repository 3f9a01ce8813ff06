import { describe, expect, it } from '@jest/globals';
import { packageOf, summariseProfile, type CpuProfile, type CpuProfileNode } from './cpu-profile.js';

const frame = (functionName: string, url: string): CpuProfileNode['callFrame'] => ({
  functionName,
  url,
  lineNumber: 0,
});

describe('CPU profile summary', () => {
  it('names the package of a frame: npm package (scoped, nested), workspace project, Node, native, V8', () => {
    const names = [
      frame('handle', 'file:///repo/node_modules/express/lib/application.js'),
      frame('run', 'file:///repo/node_modules/@nestjs/core/router/router-proxy.js'),
      frame('x', 'file:///repo/node_modules/a/node_modules/@scope/b/index.js'),
      frame('publish', 'file:///repo/libs/webhooks/dist/events/webhooks.service.js'),
      frame('emit', 'node:events'),
      frame('writev', ''),
      frame('(garbage collector)', ''),
    ].map(packageOf);
    expect(names).toEqual([
      'express',
      '@nestjs/core',
      '@scope/b',
      'libs/webhooks',
      'node',
      '(native)',
      '(garbage collector)',
    ]);
  });

  it('splits sampled time into self and inclusive time per package, idle apart', () => {
    // (root) → handle (express) → validate (class-validator) → writev (native); (root) → (idle)
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: frame('handle', 'file:///r/node_modules/express/a.js'), children: [3] },
        { id: 3, callFrame: frame('validate', 'file:///r/node_modules/class-validator/v.js'), children: [4] },
        { id: 4, callFrame: frame('writev', '') },
        { id: 5, callFrame: frame('(idle)', '') },
      ],
      startTime: 0,
      endTime: 100,
      samples: [2, 3, 3, 4, 5, 5],
      timeDeltas: [10, 20, 20, 5, 40, 5],
    };
    const summary = summariseProfile(profile, /^validate$/);
    const asRecord = (shares: { name: string; micros: number }[]) =>
      Object.fromEntries(shares.map((share) => [share.name, share.micros]));
    expect(summary.totalMicros).toBe(100);
    expect(summary.idleMicros).toBe(45);
    expect(asRecord(summary.selfByPackage)).toEqual({
      express: 10,
      'class-validator': 40,
      '(native)': 5,
      '(idle)': 45,
    });
    expect(asRecord(summary.inclusiveByPackage)).toMatchObject({
      express: 55,
      'class-validator': 45,
      '(native)': 5,
    });
    expect(asRecord(summary.underFrames)).toEqual({ validate: 45 });
  });
});
