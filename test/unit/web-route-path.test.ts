import { describe, expect, it } from 'vitest';
import { matchPath } from '../../shared/web/route-path.ts';

describe('route paths with parameters', () => {
  it('gives each {name} segment by name', () => {
    expect(matchPath('/staff/cases/{reference}', '/staff/cases/AB12CD34')).toEqual({ reference: 'AB12CD34' });
    expect(matchPath('/staff/cases/{reference}/allocate', '/staff/cases/AB12CD34/allocate')).toEqual({
      reference: 'AB12CD34',
    });
    expect(matchPath('/a/{x}/b/{y}', '/a/1/b/two%20words')).toEqual({ x: '1', y: 'two words' });
  });

  it('matches a parameter to one whole, non-empty segment and literals to themselves', () => {
    expect(matchPath('/staff/cases/{reference}', '/staff/cases/')).toBeUndefined();
    expect(matchPath('/staff/cases/{reference}', '/staff/cases/AB12CD34/allocate')).toBeUndefined();
    expect(
      matchPath('/staff/cases/{reference}/allocate', '/staff/cases/AB12CD34/record-end'),
    ).toBeUndefined();
    expect(matchPath('/staff/cases/{reference}', '/staff/cases/a%2Fb')).toEqual({ reference: 'a/b' });
    expect(matchPath('/staff/cases', '/staff/cases')).toEqual({});
    expect(matchPath('/staff/cases', '/staff/cases/')).toBeUndefined();
  });

  it('treats malformed percent-encoding as no match', () => {
    expect(matchPath('/staff/cases/{reference}', '/staff/cases/%E0%A4%A')).toBeUndefined();
  });

  it('keeps prefix routes ending in /* for any non-empty rest', () => {
    expect(matchPath('/assets/*', '/assets/govuk-frontend.min.css')).toEqual({});
    expect(matchPath('/assets/*', '/assets/')).toBeUndefined();
    expect(matchPath('/assets/*', '/other/x')).toBeUndefined();
  });
});
