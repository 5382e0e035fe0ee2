/** Action ids of every button and view the app handles (the visible texts are in the renderers). */
export const ACTION = {
  remediate: 'finding.remediate',
  acceptRisk: 'finding.accept-risk',
  approve: 'request.approve',
  reject: 'request.reject',
  revert: 'request.revert',
} as const;

/** Callback id of the Accept risk modal. */
export const ACCEPT_RISK_VIEW = 'accept-risk';
