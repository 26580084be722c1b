/** Words that hedge a question ("probably", "do you think") without naming anything it is about. */
export const hedges =
  /\b(?:probably|likely|possibly|perhaps|maybe|(?:do|does|did|would) you (?:think|suppose|guess))\b/gi;
