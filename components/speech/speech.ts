/**
 * Hearing the customer, on this device only: the customer's lines read aloud by the browser's own
 * voices (never one that sends text to a service), and answers spoken into the reply box where the
 * browser recognises speech on the device. Both are per device, as the voices are, so the
 * preference is kept in this browser's storage.
 */

export const READ_ALOUD_KEY = 'frontline:read-aloud';
const CHANGED = 'frontline:read-aloud-changed';

export function readAloudPreference(): boolean {
  try {
    return localStorage.getItem(READ_ALOUD_KEY) === '1';
  } catch {
    return false;
  }
}

export function setReadAloudPreference(on: boolean): void {
  try {
    if (on) localStorage.setItem(READ_ALOUD_KEY, '1');
    else localStorage.removeItem(READ_ALOUD_KEY);
  } catch {
    // Storage refused: the choice holds for this page only.
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** For useSyncExternalStore: the preference changes here or in another tab. */
export function subscribeToReadAloud(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** A stable number for a name, to give each persona the same voice every time. */
function hashOf(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** The voice a persona speaks with on this device: one of its own English voices, chosen by the persona's name; none when it has none. */
export function voiceFor(voices: readonly Pick<SpeechSynthesisVoice, 'name' | 'lang' | 'localService'>[], persona: string) {
  const local = voices.filter((v) => v.localService && v.lang.toLowerCase().startsWith('en')).sort((a, b) => a.name.localeCompare(b.name));
  return local.length ? local[hashOf(persona) % local.length]! : null;
}

/** Reads lines aloud with the persona's voice, after whatever it was saying is stopped; false when this device has no voice to do it. */
export function speak(lines: readonly string[], persona: string): boolean {
  if (typeof speechSynthesis === 'undefined') return false;
  const voice = voiceFor(speechSynthesis.getVoices(), persona);
  if (!voice) return false;
  speechSynthesis.cancel();
  for (const line of lines) {
    const utterance = new SpeechSynthesisUtterance(line);
    utterance.voice = voice as SpeechSynthesisVoice;
    utterance.lang = voice.lang;
    speechSynthesis.speak(utterance);
  }
  return true;
}

export const stopSpeaking = () => {
  if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
};

/** Whether this device can read aloud with a voice of its own. Voices load late in some browsers: ask again on `voiceschanged`. */
export function canReadAloud(): boolean {
  return typeof speechSynthesis !== 'undefined' && voiceFor(speechSynthesis.getVoices(), '') !== null;
}

/** The speech recognition of browsers that have one, with the on-device options of the newer specification. */
interface OnDeviceRecognition extends EventTarget {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  processLocally: boolean;
  start(): void;
  stop(): void;
}
interface RecognitionConstructor {
  new (): OnDeviceRecognition;
  available?: (options: { langs: string[]; processLocally: boolean }) => Promise<string>;
}

function recognitionConstructor(): RecognitionConstructor | null {
  const scope = globalThis as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition ?? null;
}

/**
 * A recogniser that listens on this device only, or null. Browsers that cannot say their
 * recognition stays on the device (most send audio to a service) are not used.
 */
export async function onDeviceRecognition(lang = 'en-GB'): Promise<(() => OnDeviceRecognition) | null> {
  const Recognition = recognitionConstructor();
  if (!Recognition?.available) return null;
  try {
    if ((await Recognition.available({ langs: [lang], processLocally: true })) !== 'available') return null;
  } catch {
    return null;
  }
  return () => {
    const recognition = new Recognition();
    recognition.lang = lang;
    recognition.processLocally = true;
    recognition.interimResults = false;
    recognition.continuous = false;
    return recognition;
  };
}
