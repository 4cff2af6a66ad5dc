/** Intent ids that tools outside this code rely on. Each must exist with exactly this id. */
export const REQUIRED_INTENT_IDS = [
  'define-outsourcing',
  'define-offshoring',
  'define-offshore-outsourcing',
  'define-nearshoring',
  'define-onshoring',
  'define-bpo',
  'define-kpo',
  'define-freelancing',
  'compare',
  'benefits-outsourcing',
  'benefits-offshoring',
  'challenges-outsourcing',
  'challenges-offshoring',
  'manage-risks',
  'examples',
  'common-functions',
  'decision-factors',
  'jobs-impact',
  'future-trends',
  'interview-start',
  'help',
  'greeting',
  'none',
] as const;
export type RequiredIntentId = (typeof REQUIRED_INTENT_IDS)[number];

/** The out-of-scope intent. */
export const NONE = 'none';

/** The help intent (`/sourcing help`). */
export const HELP = 'help';
