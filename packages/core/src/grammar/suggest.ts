/** The closest example phrase to a text, by word-level edit distance (a near-miss word costs less than a different one). */

const MAX_WORDS = 40;
const MAX_WORD_LENGTH = 40;

/** Comparisons instead of Math.min: no global lookup in the inner loops. */
function min3(a: number, b: number, c: number): number {
  const ab = a < b ? a : b;
  return ab < c ? ab : c;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter((w) => w !== '')
    .slice(0, MAX_WORDS)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/** Edit distance between two sequences of length `m` and `n`, given the cost of substituting item i by item j. */
function editDistance(m: number, n: number, substitution: (i: number, j: number) => number): number {
  let previous = new Float64Array(n + 1);
  let current = new Float64Array(n + 1);
  for (let j = 0; j <= n; j += 1) previous[j] = j;
  for (let i = 1; i <= m; i += 1) {
    current[0] = i;
    for (let j = 1; j <= n; j += 1) {
      current[j] = min3(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution(i - 1, j - 1));
    }
    [previous, current] = [current, previous];
  }
  return previous[n]!;
}

const rows = [new Uint8Array(MAX_WORD_LENGTH + 1), new Uint8Array(MAX_WORD_LENGTH + 1)] as const;

/** 0 for the same word, up to 1 for words with nothing in common (character edit distance over the longer length). */
function wordDistance(x: string, y: string): number {
  if (x === y) return 0;
  let [previous, current] = rows;
  for (let j = 0; j <= y.length; j += 1) previous[j] = j;
  for (let i = 1; i <= x.length; i += 1) {
    current[0] = i;
    const cx = x.charCodeAt(i - 1);
    for (let j = 1; j <= y.length; j += 1) {
      const substitute = previous[j - 1]! + (cx === y.charCodeAt(j - 1) ? 0 : 1);
      current[j] = min3(previous[j]! + 1, current[j - 1]! + 1, substitute);
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length]! / Math.max(x.length, y.length);
}

interface Prepared {
  vocabulary: string[];
  /** each example as indexes into the vocabulary */
  examples: number[][];
}

const prepared = new WeakMap<readonly string[], Prepared>();

/** Split the examples into words once; they are the same list on every call. */
function prepare(examples: readonly string[]): Prepared {
  const known = prepared.get(examples);
  if (known) return known;
  const vocabulary: string[] = [];
  const indexOf = new Map<string, number>();
  const lists = examples.map((e) =>
    words(e).map((w) => {
      let i = indexOf.get(w);
      if (i === undefined) {
        i = vocabulary.push(w) - 1;
        indexOf.set(w, i);
      }
      return i;
    }),
  );
  const result = { vocabulary, examples: lists };
  prepared.set(examples, result);
  return result;
}

export function closestPhrase(text: string, examples: readonly string[]): string {
  const input = words(text);
  const { vocabulary, examples: lists } = prepare(examples);
  const distances = input.map((w) => Float64Array.from(vocabulary, (v) => wordDistance(w, v)));
  let best = examples[0] ?? '';
  let bestDistance = Infinity;
  lists.forEach((target, e) => {
    const raw = editDistance(input.length, target.length, (i, j) => distances[i]![target[j]!]!);
    // relative to length, so short examples do not win just by being short
    const d = raw / Math.max(input.length, target.length, 1);
    if (d < bestDistance) {
      best = examples[e] ?? best;
      bestDistance = d;
    }
  });
  return best;
}
