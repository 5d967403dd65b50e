import { describe, expect, it } from 'vitest';
import { PathRefusal } from '../../simulator/node/path-refusal.js';
import { safeRelativeSegments } from '../../simulator/node/relative-path.js';

function refusal(path: string): string {
  try {
    safeRelativeSegments(path);
  } catch (e) {
    expect(e).toBeInstanceOf(PathRefusal);
    expect((e as PathRefusal).kind).toBe('unsafe-path');
    return (e as Error).message;
  }
  throw new Error(`"${path}" was accepted`);
}

describe('safeRelativeSegments', () => {
  it('accepts plain relative paths', () => {
    expect(safeRelativeSegments('egress.nft')).toEqual(['egress.nft']);
    expect(safeRelativeSegments('squid/squid.conf')).toEqual(['squid', 'squid.conf']);
    expect(safeRelativeSegments('.github/egress.yaml')).toEqual(['.github', 'egress.yaml']);
  });

  it.each([
    ['../outside.nft', '".." would leave'],
    ['a/../../b', '".." would leave'],
    ['/etc/passwd', 'absolute paths'],
    ['C:/Windows/x', 'absolute paths'],
    ['a\\..\\b', 'backslashes'],
    ['', 'empty'],
    ['a//b', 'empty or "."'],
    ['./a', 'empty or "."'],
    ['.git/config', '.git'],
    ['sub/.GIT/hooks/pre-commit', '.git'],
    ['nul.txt', 'reserved device name'],
    ['a\u0000b', 'control characters'],
    ['what?.nft', 'characters Windows forbids'],
    ['trailing. ', 'ends with a space or a dot'],
  ])('refuses %j', (path, why) => {
    expect(refusal(path)).toContain(why);
  });

  it('refuses overlong paths without echoing them whole', () => {
    const message = refusal('a/'.repeat(300) + 'x');
    expect(message).toContain('too long');
    expect(message.length).toBeLessThan(120);
  });
});
