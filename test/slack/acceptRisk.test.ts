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

  it('refuses impossible dates instead of rolling them over', () => {
    for (const day of ['2027-02-30', '2027-02-29', '2027-04-31', '2027-13-01', '2027-00-10']) {
      expect(readAcceptRisk(submitted(day), NOW)).toEqual({ errors: { expiry: 'Pick a date.' } });
    }
    const later = new Date('2027-12-01T10:00:00Z');
    expect(readAcceptRisk(submitted('2028-02-29'), later)).not.toHaveProperty('errors');
  });

  it('refuses today and earlier days as not in the future; tomorrow is fine', () => {
    for (const day of ['2027-01-15', '2027-01-14']) {
      expect(readAcceptRisk(submitted(day), NOW)).toEqual({
        errors: { expiry: 'Pick a date in the future.' },
      });
    }
    expect(readAcceptRisk(submitted('2027-01-16'), NOW)).not.toHaveProperty('errors');
  });

  it('refuses a short reason and more than a year', () => {
    expect(readAcceptRisk(submitted('2028-06-01', 'ok'), NOW)).toEqual({
      errors: {
        reason: 'Give a reason of at least 5 characters.',
        expiry: 'Accept a risk for at most a year; it can be accepted again.',
      },
    });
  });
});
