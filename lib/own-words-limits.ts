/** The limits of a reply typed in the trainee's own words: the request schema and the CLI hold them and the player's text box shows them. */

/** The longest typed reply, in characters once trimmed: a few sentences, as said on a call. */
export const OWN_WORDS_MAX_CHARS = 1_000;
