import type { ReplyToMatch } from './matcher';

/** A groom asks whether his suit will arrive by Saturday, his wedding day: one promise, one honest answer, one excuse. */
export const SATURDAY_REPLIES: ReplyToMatch[] = [
  {
    event: 'promise-saturday',
    text: "Don't worry, it'll definitely be with you by Saturday, I promise.",
    intent: 'promises a delivery date the carrier has not confirmed',
    examples: ['I guarantee it arrives before Saturday.', 'It will be there on Saturday for sure, you have my word.', "Rest assured, you'll have it in time for the wedding."],
  },
  {
    event: 'check-express',
    text: "I can't promise Saturday, but I'll check the express options with the carrier now and ring you back by 4pm.",
    intent: 'is honest about the date and acts on it',
    examples: [
      "I won't guarantee Saturday, but let me look at express delivery for you.",
      "There's no guarantee on Saturday; I'll see what faster delivery we can arrange.",
      "I can't be sure it'll arrive in time, so let me check a quicker service and call you back today.",
    ],
  },
  {
    event: 'blame-courier',
    text: "Once it's left us it's down to the courier, I'm afraid; you'll have to take it up with them.",
    intent: 'passes the problem to the courier',
    examples: ["That's the courier's responsibility now, not ours.", "You'd need to contact the delivery company about that.", "It's out of our hands once the courier has it."],
  },
];

/** A customer's order went missing: blame the warehouse, or own it. */
export const WAREHOUSE_REPLIES: ReplyToMatch[] = [
  {
    event: 'blame-warehouse',
    text: "That's the warehouse's fault: they mixed up the labels. I'll chase them for you.",
    intent: 'blames another team',
    examples: ['The warehouse team got it wrong, not me.', 'It was the warehouse that lost it.', 'Blame the warehouse, they sent it to the wrong address.'],
  },
  {
    event: 'own-it',
    text: "That's our mistake, and I'm sorry. I'll send a replacement today by next-day delivery.",
    intent: 'owns the mistake and fixes it',
    examples: [
      "We got it wrong and I'm sorry; a replacement goes out today.",
      "It's on us. I'll send another one today.",
      'Our fault entirely, I will put a new one in the post now.',
    ],
  },
  {
    event: 'ask-to-wait',
    text: 'These things sometimes turn up late. Could you give it another week and let us know if it still has not come?',
    intent: 'asks the customer to wait with no action',
    examples: [
      'Give it a few more days, it may still arrive.',
      'Wait until next week and call back if nothing turns up.',
      'Parcels are often just delayed, so hang on a bit longer.',
    ],
  },
];
