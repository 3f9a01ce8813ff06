import { describe, expect, it } from '@jest/globals';
import { parseBenchArgs, selectSuites } from './bench.options.js';

const root = '/repo';

describe('the bench command line', () => {
  it('runs every suite and charts into docs/bench without arguments', () => {
    expect(parseBenchArgs([], root)).toEqual({
      only: [],
      chartDir: '/repo/docs/bench',
      redraw: false,
      platforms: ['express', 'fastify'],
    });
  });

  it('takes words that select suites', () => {
    expect(parseBenchArgs(['outbound', 'ingest'], root).only).toEqual(['outbound', 'ingest']);
  });

  it("takes a relative --chart-dir from the repository's root, and keeps an absolute one", () => {
    expect(parseBenchArgs(['publish', '--chart-dir', 'out/charts'], root)).toEqual({
      only: ['publish'],
      chartDir: '/repo/out/charts',
      redraw: false,
      platforms: ['express', 'fastify'],
    });
    expect(parseBenchArgs(['--chart-dir=/tmp/charts'], root).chartDir).toBe('/tmp/charts');
  });

  it('charts nothing with --no-chart, and redraws without measuring with --redraw', () => {
    expect(parseBenchArgs(['ingest', '--no-chart'], root)).toEqual({
      only: ['ingest'],
      chartDir: null,
      redraw: false,
      platforms: ['express', 'fastify'],
    });
    expect(parseBenchArgs(['--redraw'], root)).toEqual({
      only: [],
      chartDir: '/repo/docs/bench',
      redraw: true,
      platforms: ['express', 'fastify'],
    });
  });

  it('runs the HTTP suites on the platforms --platforms names, in its order, each once', () => {
    expect(parseBenchArgs(['publish', '--platforms', 'fastify'], root).platforms).toEqual(['fastify']);
    expect(parseBenchArgs(['--platforms=Fastify, express,fastify'], root).platforms).toEqual([
      'fastify',
      'express',
    ]);
  });

  it('refuses a platform Nest has no adapter for, and an empty --platforms', () => {
    expect(() => parseBenchArgs(['--platforms', 'express,koa'], root)).toThrow(
      '--platforms takes express, fastify (comma-separated), not express,koa',
    );
    expect(() => parseBenchArgs(['--platforms', ''], root)).toThrow(/--platforms takes/);
    expect(() => parseBenchArgs(['--platforms'], root)).toThrow(/--platforms/);
  });

  it('refuses unknown options, a --chart-dir without its value, and --no-chart with another chart option', () => {
    expect(() => parseBenchArgs(['--chart', 'x.svg'], root)).toThrow(/Unknown option '--chart'/);
    expect(() => parseBenchArgs(['--chart-dir'], root)).toThrow(/--chart-dir/);
    expect(() => parseBenchArgs(['--no-chart', '--chart-dir', 'x'], root)).toThrow(
      '--no-chart excludes --chart-dir and --redraw',
    );
    expect(() => parseBenchArgs(['--no-chart', '--redraw'], root)).toThrow(
      '--no-chart excludes --chart-dir and --redraw',
    );
  });

  it('selects the suites whose name contains a word, all without words, and fails on no match', () => {
    const suites = [{ name: 'outbound webhooks' }, { name: 'ingest gateway' }, { name: 'publish' }];
    expect(selectSuites(suites, [])).toEqual(suites);
    expect(selectSuites(suites, ['ingest', 'publish'])).toEqual([suites[1], suites[2]]);
    expect(() => selectSuites(suites, ['nothing'])).toThrow('no suite matches nothing');
  });
});
