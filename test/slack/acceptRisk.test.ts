import { describe, expect, it } from 'vitest';
import { acceptRiskModal, readAcceptRisk } from '../../src/slack/listeners/acceptRisk';

const NOW = new Date('2027-01-15T10:00:00Z');
const submitted = (date: string, reason = 'Public base image, by design.') => ({
  reason: { reason: { value: reason } },
  expiry: { expires: { selected_date: date } },
});

describe('the Accept risk modal', () => {
  it('gives each input its own action id', () => {
    const modal = acceptRiskModal('finding-1', { channel: 'C1', ts: '1.2' }, NOW);
    const ids = modal.blocks.map((b: { element: { action_id: string } }) => b.element.action_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads what the modal sends back: the reason and the end of the chosen day', () => {
    expect(readAcceptRisk(submitted('2027-03-01'), NOW)).toEqual({
      reason: 'Public base image, by design.',
      expiresAt: new Date('2027-03-01T23:59:59Z'),
    });
  });
});
