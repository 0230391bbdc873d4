/**
 * The confidence at or above which an answer is given as settled. Below it the answer still
 * shows its rows, but says what it could not use ("ignored 'X'") and invites a correction; the
 * bench's reliability table shows how often answers above it are exact.
 */
export const ANSWER_THRESHOLD = 0.7;
