/**
 * What people say on a call that answers nothing the customer asked: greetings and pleasantries,
 * the line itself, asking to hear something again, chat about the day. A typed reply closer to
 * these than to any authored reply is not understood as one, however much it shares a word with a
 * reply ("can you hear me?" is not "I'll call you as soon as I hear back").
 *
 * Written as the phrases trainees reach for, not from any scenario. Left out on purpose: holding
 * phrases ("one moment, I'll check"), thanks and goodbyes, since authored replies say exactly those.
 */
export const SMALL_TALK: readonly string[] = [
  'Hello, how are you?',
  'Hi there, how are you doing?',
  'Good afternoon, how are things with you?',
  'I am very well, thank you for asking.',
  'Not bad thanks, yourself?',
  'How has your week been?',
  'Did you do anything nice at the weekend?',
  'The weather has been awful lately.',
  'It is a beautiful sunny day out there.',
  'Are you far from here?',
  'Whereabouts are you based?',
  'What do you do for a living?',
  'Have you got any plans for the holidays?',
  'Did you watch the match last night?',
  'I am so tired today.',
  'It is nearly lunchtime.',
  'Sorry, the line is really bad.',
  'You keep cutting out.',
  'I can hardly hear you.',
  'Can you hear me now?',
  'Are you still there?',
  'Sorry, can you repeat that?',
  'Pardon? I did not catch that.',
  'Could you speak up a little?',
  'What did you say?',
  'Okay.',
  'Right, okay then.',
  'Sure, no problem.',
  'Yes, fine.',
  'Great, cheers.',
  'Lovely, thanks.',
  'Hmm, I see.',
  'Oh really?',
  'Ha, that is funny.',
];
