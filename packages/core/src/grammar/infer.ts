import type { DefaultValue } from '../model/schema';
import { underscore } from './identifiers';

/** What a column becomes when its description gives no type: matched against the snake_case form of its name. */
export interface InferenceRule {
  pattern: RegExp;
  describe: string;
  column: { type: string; nullable: boolean; default?: DefaultValue };
}

/**
 * The one list of name → type rules; README and `mig plan --help` print `describe` from here.
 * The first match wins; the last rule matches every name. When that last rule applies and a default
 * is given, the default's value decides the type instead (`add score default 0` → integer).
 */
export const INFERENCE_RULES: readonly InferenceRule[] = [
  {
    pattern: /^(?:is|has)_|_(?:verified|enabled)$/,
    describe: 'is_*, has_*, *_verified, *_enabled → boolean NOT NULL DEFAULT false',
    column: { type: 'boolean', nullable: false, default: false },
  },
  { pattern: /_at$/, describe: '*_at → timestamp, nullable', column: { type: 'timestamp', nullable: true } },
  { pattern: /_(?:on|date)$/, describe: '*_on, *_date → date, nullable', column: { type: 'date', nullable: true } },
  { pattern: /_id$/, describe: '*_id → bigint, nullable', column: { type: 'bigint', nullable: true } },
  {
    pattern: /_count$/,
    describe: '*_count → integer NOT NULL DEFAULT 0',
    column: { type: 'integer', nullable: false, default: 0 },
  },
  { pattern: /^/, describe: 'anything else → string(255), nullable', column: { type: 'string(255)', nullable: true } },
];

export interface Inference {
  column: InferenceRule['column'];
  /** no rule but the catch-all matched the name */
  fallback: boolean;
}

export function inferColumn(name: string): Inference {
  const snake = underscore(name);
  const last = INFERENCE_RULES.length - 1;
  const found = INFERENCE_RULES.findIndex((r) => r.pattern.test(snake));
  const index = found < 0 ? last : found;
  return { column: { ...INFERENCE_RULES[index].column }, fallback: index === last };
}
