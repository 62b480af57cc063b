import type { Channel } from '@/machines/format';

/**
 * What the customer says when a typed reply matches none of the authored ones: in character, as
 * someone who did not follow, first puzzled, then asking plainly. After the second miss the
 * player lists the replies.
 */
const CLARIFICATIONS: Record<Channel, readonly [string, string]> = {
  phone: ["Sorry, I'm not sure I follow. What do you mean?", "I'm still not getting you, I'm afraid. What are you actually going to do?"],
  'in-person': ['Sorry, what do you mean?', "I don't understand. Can you just tell me plainly?"],
  chat: ["Sorry, I don't follow. What do you mean?", 'I still don’t get it. Can you say it plainly?'],
  email: [
    "I'm sorry, I don't quite understand your reply. Could you explain what you mean?",
    "I'm afraid I still don't understand what you're telling me. Could you put it plainly?",
  ],
  social: ['Not sure what that means. Can you explain?', 'Still not clear what you’re saying. Can you answer plainly?'],
};

/** The customer's line after the `misses`-th typed reply in a row that matched nothing (1 or more). */
export function clarificationLine(channel: Channel, misses: number): string {
  const lines = CLARIFICATIONS[channel];
  return misses <= 1 ? lines[0] : lines[1];
}

/** After this many typed replies that match nothing at one decision, the player lists the replies. */
export const MISSES_BEFORE_LIST = 2;
