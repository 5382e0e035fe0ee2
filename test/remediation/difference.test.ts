import { describe, expect, it } from 'vitest';
import { describeDifference } from '../../src/remediation/difference';

describe('describeDifference', () => {
  it('marks removed and added lines', () => {
    const out = describeDifference('a\nb\nc', 'a\nB\nc');
    expect(out.split('\n')).toEqual(['+ B', '- b']);
  });

  it('says when the policy is gone or appeared', () => {
    expect(describeDifference('x', null)).toContain('no policy');
    expect(describeDifference(null, 'x')).toContain('now has a policy');
  });
});
