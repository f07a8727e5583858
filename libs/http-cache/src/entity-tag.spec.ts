import { describe, expect, it } from 'vitest';
import {
  entityTagFor,
  formatEntityTag,
  ifNoneMatchMatches,
  opaqueEntityTag,
  opaqueTag,
  parseIfNoneMatch,
  presetEntityTag,
  presetEntityTagOf,
} from './entity-tag.js';

describe(entityTagFor.name, () => {
  it('is strong under the threshold and weak from it, on the same hash', () => {
    const small = entityTagFor('x'.repeat(1023), 1024);
    const large = entityTagFor('x'.repeat(1024), 1024);
    expect(small).toMatch(/^"[\w-]{27}"$/);
    expect(large).toMatch(/^W\/"[\w-]{27}"$/);
    expect(entityTagFor('x'.repeat(1024), 2048)).toBe(large.slice(2));
  });

  it('depends on the bytes only: a string and its Buffer share a tag, any change gives another', () => {
    const body = '{"title":"Café"}';
    expect(entityTagFor(Buffer.from(body), 1024)).toBe(entityTagFor(body, 1024));
    expect(entityTagFor('{"title":"Cafe"}', 1024)).not.toBe(entityTagFor(body, 1024));
  });

  it('measures the threshold in bytes, not characters', () => {
    expect(entityTagFor('é'.repeat(512), 1024)).toMatch(/^W\//);
  });
});

describe(formatEntityTag.name, () => {
  it('gives what entityTagFor gives for the body its opaque tag was computed from', () => {
    for (const body of ['x'.repeat(10), 'é'.repeat(600)]) {
      expect(formatEntityTag(opaqueEntityTag(body), Buffer.byteLength(body), 1024)).toBe(entityTagFor(body, 1024));
    }
  });

  it('is found again for the reply it was preset on, and only for that one', () => {
    const [reply, other] = [{}, {}];
    presetEntityTag(reply, '"abc"');
    expect([presetEntityTagOf(reply), presetEntityTagOf(other)]).toEqual(['"abc"', undefined]);
  });
});

describe(parseIfNoneMatch.name, () => {
  it.each([
    ['"a"', ['"a"']],
    ['W/"a"', ['"a"']],
    ['"a", W/"b",  "c"', ['"a"', '"b"', '"c"']],
    ['"a",W/"b"', ['"a"', '"b"']],
    [' , "a" ,, "b" ,', ['"a"', '"b"']],
    ['"a,b", "c"', ['"a,b"', '"c"']],
    ['""', ['""']],
    ['*', '*'],
    ['  *  ', '*'],
  ])('%j parses to %j', (header, expected) => {
    expect(parseIfNoneMatch(header)).toEqual(expected);
  });

  it.each([undefined, '', '   ', 'a', '"a', '"a"b', '"a" "b"', 'w/"a"', 'W/a', '"a b"', '"a", *', '**'])(
    '%j is not a usable header',
    (header) => {
      expect(parseIfNoneMatch(header)).toBeUndefined();
    },
  );
});

describe(ifNoneMatchMatches.name, () => {
  it('compares weakly: W/ on either side does not matter', () => {
    expect(ifNoneMatchMatches('"a"', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchMatches('W/"a"', 'W/"a"')).toBe(true);
  });

  it('matches anywhere in a list, and * always', () => {
    expect(ifNoneMatchMatches('"x", "y", W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('*', 'W/"a"')).toBe(true);
  });

  it('does not match other tags, prefixes of the tag, or malformed headers', () => {
    expect(ifNoneMatchMatches('"b"', '"a"')).toBe(false);
    expect(ifNoneMatchMatches('"ab"', '"a"')).toBe(false);
    expect(ifNoneMatchMatches('a', '"a"')).toBe(false);
    expect(ifNoneMatchMatches('"a" "a"', '"a"')).toBe(false);
    expect(ifNoneMatchMatches(undefined, '"a"')).toBe(false);
  });
});

describe(opaqueTag.name, () => {
  it('drops only the weak prefix', () => {
    expect(opaqueTag('W/"a"')).toBe('"a"');
    expect(opaqueTag('"W/a"')).toBe('"W/a"');
  });
});
