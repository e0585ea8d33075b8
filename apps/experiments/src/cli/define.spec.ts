import { z } from 'zod';
import { defineCommand } from './define';
import { UsageError } from './parse-args';
import { positiveInt } from './parsers';

const demo = defineCommand({
  name: 'demo',
  summary: 'a command to test the derivations',
  options: {
    size: { schema: positiveInt('--size'), default: { quick: '1', paper: undefined }, unset: 'all', help: 'a size' },
    'file-name': { schema: z.string(), required: 'a file to read', help: 'a file' },
    label: { schema: z.string(), default: ({ values }) => `of-${values['file-name']}`, defaultText: 'of-<file>', key: 'title', help: 'a label' },
    profile: { schema: z.enum(['quick', 'paper']), default: 'quick', help: 'budget' },
    extra: { schema: z.string(), only: ['other'], refused: (v: string) => (v === 'ok' ? undefined : 'not here'), help: 'elsewhere' },
  },
  refine: (o, issue) => {
    if (o.size !== undefined && o.size > 9) issue('--size is too large');
  },
});

describe('defineCommand', () => {
  it('derives the parsed options: camelCase keys, profile defaults, computed defaults', () => {
    expect(demo.parse({ 'file-name': 'f' })).toEqual({ size: 1, fileName: 'f', title: 'of-f', profile: 'quick', extra: undefined });
    expect(demo.parse({ 'file-name': 'f', profile: 'paper', label: 'x' })).toEqual({ size: undefined, fileName: 'f', title: 'x', profile: 'paper', extra: undefined });
  });

  it('reports missing, refused, unknown and inconsistent options as usage errors', () => {
    expect(() => demo.parse({})).toThrow(new UsageError('--file-name is required (a file to read)\n(see: npx nx run experiments:demo -- --help)'));
    expect(() => demo.parse({ 'file-name': 'f', extra: 'no' })).toThrow('--extra: not here');
    expect(demo.parse({ 'file-name': 'f', extra: 'ok' }).extra).toBeUndefined();
    expect(() => demo.parse({ 'file-name': 'f', bogus: '1' })).toThrow('unknown option: --bogus');
    expect(() => demo.parse({ 'file-name': 'f', size: '10' })).toThrow('--size is too large');
    expect(() => demo.parse({ 'file-name': 'f', size: '0' })).toThrow('--size: --size must be at least 1');
  });

  it('derives --help from the same entries', () => {
    expect(demo.docs()).toEqual([
      { name: 'size', help: 'a size', defaultText: 'quick: 1; paper: all' },
      { name: 'file-name', help: 'a file', defaultText: '-' },
      { name: 'label', help: 'a label', defaultText: 'of-<file>' },
      { name: 'profile', help: 'budget', defaultText: 'quick' },
    ]);
    expect(demo.help()).toContain('  --file-name  a file\n');
  });

  it('needs help text for a computed default', () => {
    expect(() => defineCommand({ name: 'bad', summary: '', options: { x: { schema: z.string(), default: () => 'x', help: '' } } })).toThrow('a computed default needs defaultText');
  });
});
